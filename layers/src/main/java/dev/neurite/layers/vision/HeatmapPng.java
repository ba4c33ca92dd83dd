package dev.neurite.layers.vision;

import dev.neurite.api.io.AtomicFiles;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/** Draws a heat map over its grayscale image as an RGB PNG: a jet-like colour map, half transparent, scaled up. */
public final class HeatmapPng {
    /** How many screen pixels each image pixel becomes. */
    public static final int SCALE = 8;
    private static final double ALPHA = 0.5;

    private HeatmapPng() {
    }

    /**
     * Writes {@code png} atomically (a temp file renamed over it): {@code (w * SCALE) x (h * SCALE)} pixels.
     *
     * @param grayImage {@code h * w} pixel values, row-major; shown scaled from their minimum to their maximum
     * @param heat      {@code [h][w]} values in [0, 1] (clamped), blue for 0 through green to red for 1
     */
    public static void write(Path png, float[] grayImage, int h, int w, double[][] heat) throws IOException {
        if (grayImage.length != h * w || heat.length != h || (h > 0 && heat[0].length != w) || h < 1 || w < 1) {
            throw new IllegalArgumentException("HeatmapPng: expected a " + h + "x" + w + " image and heat map, got "
                    + grayImage.length + " pixels and a heat map of " + heat.length + " rows");
        }
        BufferedImage image = render(grayImage, h, w, heat);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        if (!ImageIO.write(image, "png", bytes)) {
            throw new IOException("HeatmapPng: this JDK has no PNG writer");
        }
        byte[] encoded = bytes.toByteArray();
        AtomicFiles.write(png, channel -> AtomicFiles.writeFully(channel, ByteBuffer.wrap(encoded)));
    }

    /** The overlay as an image, without writing it. */
    public static BufferedImage render(float[] grayImage, int h, int w, double[][] heat) {
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        for (float v : grayImage) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        float range = max - min;
        BufferedImage image = new BufferedImage(w * SCALE, h * SCALE, BufferedImage.TYPE_INT_RGB);
        for (int r = 0; r < h; r++) {
            for (int c = 0; c < w; c++) {
                double gray = range > 0 ? (grayImage[r * w + c] - min) / range : 0;
                double t = Double.isFinite(heat[r][c]) ? Math.max(0, Math.min(1, heat[r][c])) : 0;
                int rgb = pack(blend(gray, jetRed(t)), blend(gray, jetGreen(t)), blend(gray, jetBlue(t)));
                for (int y = r * SCALE; y < (r + 1) * SCALE; y++) {
                    for (int x = c * SCALE; x < (c + 1) * SCALE; x++) {
                        image.setRGB(x, y, rgb);
                    }
                }
            }
        }
        return image;
    }

    private static double blend(double gray, double colour) {
        return (1 - ALPHA) * gray + ALPHA * colour;
    }

    static double jetRed(double t) {
        return clamp(1.5 - Math.abs(4 * t - 3));
    }

    static double jetGreen(double t) {
        return clamp(1.5 - Math.abs(4 * t - 2));
    }

    static double jetBlue(double t) {
        return clamp(1.5 - Math.abs(4 * t - 1));
    }

    private static double clamp(double v) {
        return Math.max(0, Math.min(1, v));
    }

    private static int pack(double r, double g, double b) {
        return ((int) Math.round(255 * r) << 16) | ((int) Math.round(255 * g) << 8) | (int) Math.round(255 * b);
    }
}
