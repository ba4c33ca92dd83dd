package dev.neurite.generative;

import dev.neurite.api.Tensor;
import dev.neurite.api.io.AtomicFiles;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * Lays out grayscale images (samples, reconstructions) as a grid in one PNG, so a generative model's output can be
 * looked at: values are clamped to [0, 1] (0 black), each image pixel becomes {@code scale x scale} screen pixels and
 * a one-pixel gray line separates the cells.
 */
public final class ImageGrid {
    private static final int GAP_RGB = 0x808080;

    private ImageGrid() {
    }

    /**
     * Writes {@code png} atomically.
     *
     * @param images {@code [N, H, W]} or {@code [N, 1, H, W]}, values in [0, 1]
     */
    public static void write(Path png, Tensor images, int columns, int scale) throws IOException {
        BufferedImage image = render(images, columns, scale);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        if (!ImageIO.write(image, "png", bytes)) {
            throw new IOException("ImageGrid: this JDK has no PNG writer");
        }
        byte[] encoded = bytes.toByteArray();
        AtomicFiles.write(png, channel -> AtomicFiles.writeFully(channel, ByteBuffer.wrap(encoded)));
    }

    /** The grid as an image, without writing it; rows fill left to right, top to bottom. */
    public static BufferedImage render(Tensor images, int columns, int scale) {
        boolean channel = images.rank() == 4 && images.size(1) == 1;
        if (!(images.rank() == 3 || channel) || images.size(0) < 1) {
            throw new IllegalArgumentException("ImageGrid: expected grayscale images [N, H, W] or [N, 1, H, W], got shape "
                    + images.shape());
        }
        if (columns < 1 || scale < 1) {
            throw new IllegalArgumentException("ImageGrid: columns and scale must be >= 1, got " + columns + " and " + scale);
        }
        int n = Math.toIntExact(images.size(0));
        int h = Math.toIntExact(images.size(images.rank() - 2));
        int w = Math.toIntExact(images.size(images.rank() - 1));
        int cols = Math.min(columns, n);
        int rows = (n + cols - 1) / cols;
        int cellW = w * scale + 1;
        int cellH = h * scale + 1;
        BufferedImage out = new BufferedImage(cols * cellW + 1, rows * cellH + 1, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < out.getHeight(); y++) {
            for (int x = 0; x < out.getWidth(); x++) {
                out.setRGB(x, y, GAP_RGB);
            }
        }
        double[] v = images.toDoubleArray();
        for (int i = 0; i < n; i++) {
            int x0 = (i % cols) * cellW + 1;
            int y0 = (i / cols) * cellH + 1;
            for (int r = 0; r < h; r++) {
                for (int c = 0; c < w; c++) {
                    double p = v[(i * h + r) * w + c];
                    int g = (int) Math.round(255 * (Double.isFinite(p) ? Math.max(0, Math.min(1, p)) : 0));
                    int rgb = (g << 16) | (g << 8) | g;
                    for (int dy = 0; dy < scale; dy++) {
                        for (int dx = 0; dx < scale; dx++) {
                            out.setRGB(x0 + c * scale + dx, y0 + r * scale + dy, rgb);
                        }
                    }
                }
            }
        }
        return out;
    }
}
