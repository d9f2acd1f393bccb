package org.cnnexplorer.lessons;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.Arrays;

/** A photo cut to the panel's square, and AlexNet's PCA colour augmentation on any RGB picture. */
final class ColourPicture {
    private ColourPicture() {
    }

    /** The middle square of {@code img}, scaled to side×side: the part of a photo the panel has room for. */
    static BufferedImage square(BufferedImage img, int side) {
        int edge = Math.min(img.getWidth(), img.getHeight());
        int x = (img.getWidth() - edge) / 2;
        int y = (img.getHeight() - edge) / 2;
        BufferedImage out = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.drawImage(img, 0, 0, side, side, x, y, x + edge, y + edge, null);
        g.dispose();
        return out;
    }

    /** Eigenvalues (largest first) and eigenvectors (columns) of a picture's 3×3 RGB covariance, values in [0, 1]. */
    record Pca(double[] values, double[][] vectors) {

        /** The picture with Σ vᵢ αᵢ λᵢ added to every pixel (Krizhevsky et al. 2012, §4.1), clipped to [0, 1]. */
        BufferedImage shift(BufferedImage img, double[] alpha) {
            double[] add = new double[3];
            for (int i = 0; i < 3; i++) {
                for (int c = 0; c < 3; c++) {
                    add[c] += vectors[c][i] * alpha[i] * values[i];
                }
            }
            BufferedImage out = new BufferedImage(img.getWidth(), img.getHeight(), BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < img.getHeight(); y++) {
                for (int x = 0; x < img.getWidth(); x++) {
                    int rgb = img.getRGB(x, y);
                    int r = clip(((rgb >> 16) & 0xFF) / 255.0 + add[0]);
                    int gr = clip(((rgb >> 8) & 0xFF) / 255.0 + add[1]);
                    int b = clip((rgb & 0xFF) / 255.0 + add[2]);
                    out.setRGB(x, y, (r << 16) | (gr << 8) | b);
                }
            }
            return out;
        }

        private static int clip(double v) {
            return (int) Math.round(Math.max(0, Math.min(1, v)) * 255);
        }
    }

    static Pca pca(BufferedImage img) {
        int n = img.getWidth() * img.getHeight();
        double[] mean = new double[3];
        double[][] px = new double[n][3];
        int k = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int rgb = img.getRGB(x, y);
                px[k][0] = ((rgb >> 16) & 0xFF) / 255.0;
                px[k][1] = ((rgb >> 8) & 0xFF) / 255.0;
                px[k][2] = (rgb & 0xFF) / 255.0;
                for (int c = 0; c < 3; c++) {
                    mean[c] += px[k][c] / n;
                }
                k++;
            }
        }
        double[][] cov = new double[3][3];
        for (double[] p : px) {
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 3; j++) {
                    cov[i][j] += (p[i] - mean[i]) * (p[j] - mean[j]) / (n - 1);
                }
            }
        }
        return jacobi(cov);
    }

    /** Eigen-decomposition of a symmetric 3×3 matrix by Jacobi rotations, sorted by eigenvalue, largest first. */
    static Pca jacobi(double[][] m) {
        double[][] a = {m[0].clone(), m[1].clone(), m[2].clone()};
        double[][] v = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}};
        for (int sweep = 0; sweep < 50; sweep++) {
            double off = Math.abs(a[0][1]) + Math.abs(a[0][2]) + Math.abs(a[1][2]);
            if (off < 1e-15) {
                break;
            }
            for (int p = 0; p < 2; p++) {
                for (int q = p + 1; q < 3; q++) {
                    if (Math.abs(a[p][q]) < 1e-18) {
                        continue;
                    }
                    double theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
                    double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
                    if (theta == 0) {
                        t = 1;
                    }
                    double c = 1 / Math.sqrt(t * t + 1);
                    double s = t * c;
                    for (int r = 0; r < 3; r++) {
                        double arp = a[r][p];
                        double arq = a[r][q];
                        a[r][p] = c * arp - s * arq;
                        a[r][q] = s * arp + c * arq;
                    }
                    for (int r = 0; r < 3; r++) {
                        double apr = a[p][r];
                        double aqr = a[q][r];
                        a[p][r] = c * apr - s * aqr;
                        a[q][r] = s * apr + c * aqr;
                    }
                    for (int r = 0; r < 3; r++) {
                        double vrp = v[r][p];
                        double vrq = v[r][q];
                        v[r][p] = c * vrp - s * vrq;
                        v[r][q] = s * vrp + c * vrq;
                    }
                }
            }
        }
        Integer[] order = {0, 1, 2};
        Arrays.sort(order, (x, y) -> Double.compare(a[y][y], a[x][x]));
        double[] values = new double[3];
        double[][] vectors = new double[3][3];
        for (int i = 0; i < 3; i++) {
            values[i] = Math.max(0, a[order[i]][order[i]]);
            for (int r = 0; r < 3; r++) {
                vectors[r][i] = v[r][order[i]];
            }
        }
        return new Pca(values, vectors);
    }
}
