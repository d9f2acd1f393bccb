package org.cnnexplorer.arch.zoo;

/** Citations shown with each network. */
public final class Papers {
    private Papers() {
    }

    public static final String ALEXNET = "Krizhevsky, Sutskever, Hinton. ImageNet Classification with Deep "
            + "Convolutional Neural Networks. NeurIPS 2012.";
    public static final String ALEXNET_ONE_WEIRD_TRICK = "Krizhevsky. One weird trick for parallelizing "
            + "convolutional neural networks. arXiv:1404.5997, 2014 (torchvision's AlexNet).";
    public static final String VGG = "Simonyan, Zisserman. Very Deep Convolutional Networks for Large-Scale "
            + "Image Recognition. ICLR 2015.";
    public static final String VGG_BN = VGG
            + " With batch normalization (Ioffe, Szegedy, ICML 2015) as in torchvision.";
    public static final String GOOGLENET = "Szegedy et al. Going Deeper with Convolutions. CVPR 2015.";
    public static final String GOOGLENET_TV = GOOGLENET + " torchvision's variant with batch normalization.";
    public static final String RESNET = "He, Zhang, Ren, Sun. Deep Residual Learning for Image Recognition. CVPR 2016.";
}
