/**
 * The catalog: AlexNet, VGG, GoogLeNet, ResNet and the plain nets as the papers and torchvision declare them, and the
 * small Fashion-MNIST versions the application trains; each declared as a short list of stages.
 */
package org.cnnexplorer.arch.zoo;
