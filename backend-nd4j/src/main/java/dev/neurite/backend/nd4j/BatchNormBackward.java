package dev.neurite.backend.nd4j;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.stream.IntStream;

/**
 * The batch-norm gradient through the batch statistics in two passes over each channel of dense c-ordered host
 * arrays ({@code x [B, C, ...]}): the first sums {@code g} and {@code g * (x - mean)}, the second writes
 * {@code dx = gamma / std * (g - mean(g) - xhat * mean(g * xhat))}. Channels run in parallel; sums are in double.
 * One such call replaces a dozen broadcasting and reducing native calls over the whole tensor.
 */
final class BatchNormBackward {
    private BatchNormBackward() {
    }

    /**
     * Reads and writes rows of {@code n} elements at an element offset, converting to and from double; float rows go
     * through {@code scratch} with one bulk copy each way, so that the conversion loops vectorise.
     */
    private interface Rows {
        void get(long offset, double[] dst, int n, float[] scratch);

        void put(long offset, double[] src, int n, float[] scratch);

        double at(long index);

        void set(long index, double value);
    }

    static void run(INDArray x, INDArray g, INDArray gamma, INDArray mean, INDArray var, double eps, INDArray dx,
                    INDArray dGamma, INDArray dBeta) {
        long[] shape = x.shape();
        int batch = Math.toIntExact(shape[0]);
        int channels = Math.toIntExact(shape[1]);
        int spatial = Math.toIntExact(x.length() / ((long) batch * channels));
        Rows xs = rows(x);
        Rows gs = rows(g);
        Rows out = rows(dx);
        Rows gammas = gamma == null ? null : rows(gamma);
        Rows means = rows(mean);
        Rows vars = rows(var);
        Rows dGammas = rows(dGamma);
        Rows dBetas = rows(dBeta);
        double n = (double) batch * spatial;
        IntStream.range(0, channels).parallel().forEach(c -> {
            double[] xr = new double[spatial];
            double[] gr = new double[spatial];
            float[] scratch = new float[spatial];
            double m = means.at(c);
            double sumG = 0;
            double sumGx = 0;
            for (int b = 0; b < batch; b++) {
                long base = ((long) b * channels + c) * spatial;
                xs.get(base, xr, spatial, scratch);
                gs.get(base, gr, spatial, scratch);
                for (int j = 0; j < spatial; j++) {
                    sumG += gr[j];
                    sumGx += gr[j] * (xr[j] - m);
                }
            }
            double invStd = 1 / Math.sqrt(vars.at(c) + eps);
            double scale = gammas == null ? invStd : gammas.at(c) * invStd;
            double meanG = sumG / n;
            double k = sumGx * invStd * invStd / n;
            for (int b = 0; b < batch; b++) {
                long base = ((long) b * channels + c) * spatial;
                xs.get(base, xr, spatial, scratch);
                gs.get(base, gr, spatial, scratch);
                for (int j = 0; j < spatial; j++) {
                    gr[j] = scale * (gr[j] - meanG - (xr[j] - m) * k);
                }
                out.put(base, gr, spatial, scratch);
            }
            dGammas.set(c, sumGx * invStd);
            dBetas.set(c, sumG);
        });
    }

    private static Rows rows(INDArray a) {
        long length = a.length();
        if (a.dataType() == DataType.FLOAT) {
            FloatBuffer f = new FloatPointer(a.data().addressPointer()).capacity(length).asBuffer();
            return new Rows() {
                @Override
                public void get(long offset, double[] dst, int n, float[] scratch) {
                    f.get(Math.toIntExact(offset), scratch, 0, n);
                    for (int i = 0; i < n; i++) {
                        dst[i] = scratch[i];
                    }
                }

                @Override
                public void put(long offset, double[] src, int n, float[] scratch) {
                    for (int i = 0; i < n; i++) {
                        scratch[i] = (float) src[i];
                    }
                    f.put(Math.toIntExact(offset), scratch, 0, n);
                }

                @Override
                public double at(long index) {
                    return f.get(Math.toIntExact(index));
                }

                @Override
                public void set(long index, double value) {
                    f.put(Math.toIntExact(index), (float) value);
                }
            };
        }
        if (a.dataType() != DataType.DOUBLE) {
            throw new IllegalArgumentException("BatchNormKernel: expected FLOAT or DOUBLE, got " + a.dataType());
        }
        DoubleBuffer d = new DoublePointer(a.data().addressPointer()).capacity(length).asBuffer();
        return new Rows() {
            @Override
            public void get(long offset, double[] dst, int n, float[] scratch) {
                d.get(Math.toIntExact(offset), dst, 0, n);
            }

            @Override
            public void put(long offset, double[] src, int n, float[] scratch) {
                d.put(Math.toIntExact(offset), src, 0, n);
            }

            @Override
            public double at(long index) {
                return d.get(Math.toIntExact(index));
            }

            @Override
            public void set(long index, double value) {
                d.put(Math.toIntExact(index), value);
            }
        };
    }
}
