package dev.neurite.generative.diffusion;

import dev.neurite.api.Generator;
import dev.neurite.api.MemoryScope;
import dev.neurite.api.Shape;
import dev.neurite.api.Tensor;
import dev.neurite.layers.optim.Adam;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** DDPM with the MLP denoiser learns a mixture of two well-separated 2-D Gaussians. */
class DiffusionLearningTest {
    private static final double[][] MODES = {{-2, -2}, {2, 2}};
    private static final double STD = 0.15;

    private static Tensor mixture(int n, Generator g) {
        float[] v = new float[2 * n];
        java.util.SplittableRandom r = new java.util.SplittableRandom(g.nextSeed());
        for (int i = 0; i < n; i++) {
            double[] m = MODES[r.nextInt(2)];
            v[2 * i] = (float) (m[0] + STD * r.nextGaussian());
            v[2 * i + 1] = (float) (m[1] + STD * r.nextGaussian());
        }
        return Tensor.of(v, n, 2);
    }

    @Test
    void samplesLandOnBothModesInBalance() {
        Ddpm ddpm = new Ddpm(NoiseSchedule.linear(50, 1e-3, 0.2), new MlpDenoiser(2, 64, 42));
        Adam adam = new Adam(ddpm.parameters(), 3e-3);
        Generator g = new Generator(7);
        double first = 0;
        double last = 0;
        int steps = 700;
        for (int step = 0; step < steps; step++) {
            try (MemoryScope scope = MemoryScope.open()) {
                Tensor loss = ddpm.loss(mixture(128, g), g);
                double v = loss.item();
                first += step < 50 ? v / 50 : 0;
                last += step >= steps - 50 ? v / 50 : 0;
                loss.backward();
                adam.step();
                adam.zeroGrad();
            }
        }
        int n = 300;
        for (boolean ddim : new boolean[]{false, true}) {
            double[] x = (ddim ? ddpm.sampleDdim(Shape.of(n, 2), 20, g) : ddpm.sample(Shape.of(n, 2), g)).toDoubleArray();
            int[] counts = new int[2];
            double distance = 0;
            int near = 0;
            for (int i = 0; i < n; i++) {
                double d0 = Math.hypot(x[2 * i] - MODES[0][0], x[2 * i + 1] - MODES[0][1]);
                double d1 = Math.hypot(x[2 * i] - MODES[1][0], x[2 * i + 1] - MODES[1][1]);
                counts[d0 < d1 ? 0 : 1]++;
                double d = Math.min(d0, d1);
                distance += d / n;
                near += d < 0.75 ? 1 : 0;
            }
            String report = (ddim ? "ddim" : "ancestral") + ": loss " + first + " -> " + last + ", modes " + counts[0] + "/"
                    + counts[1] + ", mean distance " + distance + ", within 0.75: " + near;
            System.out.println(report);
            assertTrue(last < 0.8 * first, report);
            assertTrue(counts[0] > 0.3 * n && counts[1] > 0.3 * n, "both modes, in balance: " + report);
            assertTrue(distance < 0.4, "close to a mode (they are 5.7 apart, std " + STD + "): " + report);
            assertTrue(near > 0.85 * n, report);
        }
    }
}
