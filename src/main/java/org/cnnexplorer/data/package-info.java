/**
 * Data for training and classification, in plain Java (ImageIO with the TwelveMonkeys plugins; no DL4J, no
 * JavaFX), so the engine, the CLI and the UI share one path from file to network input.
 *
 * <ul>
 *   <li>{@link org.cnnexplorer.data.FashionMnist}: the embedded copy, the {@code dataset-fashion-mnist} package or a
 *       folder; {@link org.cnnexplorer.data.Idx} reads and checks the IDX files.</li>
 *   <li>{@link org.cnnexplorer.data.ImageFolderDataset}: the user's pictures, one sub-folder per class.</li>
 *   <li>{@link org.cnnexplorer.data.Dataset}: one {@link org.cnnexplorer.data.Split} of either, as normalised
 *       C×H×W floats, in seeded {@link org.cnnexplorer.data.BatchIterator mini-batches}; a test split refuses to
 *       give training batches.</li>
 *   <li>{@link org.cnnexplorer.data.ImageLoader}: any picture file or clipboard image, refused with one line when
 *       it cannot be used; {@link org.cnnexplorer.data.Preprocessor} turns it into a model's input per
 *       {@link org.cnnexplorer.data.InputSpec}, naming each step.</li>
 *   <li>{@link org.cnnexplorer.data.Augmentations}: random crop with padding and horizontal flip.</li>
 * </ul>
 * Everything that goes wrong with a file is a {@link org.cnnexplorer.data.DataException}: a reason, and a message
 * in English or Korean that names the file.
 */
package org.cnnexplorer.data;
