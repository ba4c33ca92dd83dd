package dev.neurite.generative.diffusion;

import dev.neurite.api.DType;
import dev.neurite.api.Generator;
import dev.neurite.api.Shape;
import dev.neurite.api.Tensor;
import dev.neurite.api.autograd.GradientCheck;
import dev.neurite.api.backend.Distribution;
import dev.neurite.api.nn.AbstractLayer;
import dev.neurite.api.nn.Config;
import dev.neurite.api.nn.Registry;
import dev.neurite.generative.InPlaceGradients;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Schedules, the forward process, the posterior, the time embedding, sampling and the denoisers against known numbers. */
class DiffusionTest {

    @Test
    void linearScheduleMatchesHandComputedProducts() {
        // betas 0.1, 0.2, 0.3, 0.4: alphaBar = 0.9, 0.9 * 0.8, 0.72 * 0.7, 0.504 * 0.6
        NoiseSchedule s = NoiseSchedule.linear(4, 0.1, 0.4);
        double[] expected = {0.9, 0.72, 0.504, 0.3024};
        for (int t = 0; t < 4; t++) {
            assertEquals(0.1 * (t + 1), s.beta(t), 1e-15);
            assertEquals(expected[t], s.alphaBar(t), 1e-15);
        }
        assertEquals(1, s.alphaBarPrev(0));
        assertEquals(0.72, s.alphaBarPrev(2), 1e-15);
        // Ho et al.'s schedule; numpy: cumprod(1 - linspace(1e-4, 0.02, 1000))
        NoiseSchedule ho = NoiseSchedule.ddpm();
        assertEquals(0.9999, ho.alphaBar(0), 1e-15);
        assertEquals(0.07858724288177824, ho.alphaBar(499), 1e-12);
        assertEquals(4.035829765375676e-05, ho.alphaBar(999), 1e-15);
        assertThrows(IllegalArgumentException.class, () -> s.alphaBar(4));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NoiseSchedule.linear(3, 0.1, 1.0));
        assertTrue(e.getMessage().contains("beta_2 must be in (0, 1), got 1.0"), e.getMessage());
    }

    @Test
    void cosineScheduleIsTheRatioOfSquaredCosinesWithItsBetaCapped() {
        NoiseSchedule s = NoiseSchedule.cosine(4, 0.008);
        // f(t) / f(0), f(t) = cos^2(((t/4) + 0.008) / 1.008 * pi/2); the last beta, 1 - f(4)/f(3) = 1, is capped at 0.999
        assertEquals(0.847012161326905, s.alphaBar(0), 1e-12);
        assertEquals(0.49384359, s.alphaBar(1), 1e-8);
        assertEquals(0.144272102, s.alphaBar(2), 1e-9);
        assertEquals(0.999, s.beta(3), 1e-15);
        assertEquals(0.1529878386730953, s.beta(0), 1e-12);
        assertEquals(s.config(), NoiseSchedule.parse("cosine", 4).config());
        assertEquals(NoiseSchedule.linear(4, 0.1, 0.4).config(), NoiseSchedule.parse("linear:0.1:0.4", 4).config());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NoiseSchedule.parse("linear:a:b", 4));
        assertTrue(e.getMessage().contains("expected linear, linear:START:END or cosine, got 'linear:a:b'"), e.getMessage());
    }

    @Test
    void posteriorCoefficientsMatchTheClosedForm() {
        NoiseSchedule s = NoiseSchedule.linear(4, 0.1, 0.4);
        // t = 1: beta 0.2, alphaBar 0.72, alphaBarPrev 0.9
        assertEquals(0.2 * 0.1 / 0.28, s.posteriorVariance(1), 1e-15);
        assertEquals(0.6776309271789385, s.posteriorMeanCoefX0(1), 1e-14);
        assertEquals(0.3194382824999699, s.posteriorMeanCoefXt(1), 1e-14);
        // at t = 0 the posterior is x_0 itself
        assertEquals(0, s.posteriorVariance(0), 1e-15);
        assertEquals(1, s.posteriorMeanCoefX0(0), 1e-14);
        assertEquals(0, s.posteriorMeanCoefXt(0), 1e-15);
    }

    @Test
    void qSampleWithFixedNoise() {
        Ddpm ddpm = new Ddpm(NoiseSchedule.linear(4, 0.1, 0.4), new MlpDenoiser(1, 4, 1));
        Tensor x0 = Tensor.of(DType.FLOAT64, new double[]{1, -2}, 2, 1);
        Tensor eps = Tensor.of(DType.FLOAT64, new double[]{0.5, 1}, 2, 1);
        double[] xt = ddpm.qSample(x0, new int[]{0, 3}, eps).toDoubleArray();
        // sqrt(0.9) * 1 + sqrt(0.1) * 0.5 and sqrt(0.3024) * -2 + sqrt(0.6976) * 1
        assertArrayEquals(new double[]{1.1067971810589328, -0.26459364607655755}, xt, 1e-14);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ddpm.qSample(x0, new int[]{0, 4}, eps));
        assertTrue(e.getMessage().contains("step must be in [0, 4), got 4"), e.getMessage());
    }

    @Test
    void timeEmbeddingIsSinesThenCosines() {
        double[] e = TimeEmbedding.sinusoidal(Tensor.of(DType.FLOAT64, new double[]{0, 1}, 2), 4).toDoubleArray();
        // frequencies 1 and 10000^(-1/2) = 0.01
        assertArrayEquals(new double[]{0, 0, 1, 1, Math.sin(1), Math.sin(0.01), Math.cos(1), Math.cos(0.01)}, e, 1e-15);
        assertThrows(IllegalArgumentException.class, () -> TimeEmbedding.sinusoidal(Tensor.ones(2), 3));
    }

    @Test
    void ddimStepsRunFromTheLastStepToZero() {
        assertArrayEquals(new int[]{9, 6, 3, 0}, Ddpm.ddimSteps(10, 4));
        assertArrayEquals(new int[]{4, 3, 2, 1, 0}, Ddpm.ddimSteps(5, 5));
        assertArrayEquals(new int[]{9}, Ddpm.ddimSteps(10, 1));
    }

    /** The exact noise predictor when all data is the point c: eps = (x_t - sqrt(alphaBar_t) c) / sqrt(1 - alphaBar_t). */
    private static final class Oracle extends AbstractLayer {
        private final NoiseSchedule schedule;
        private final double c;

        Oracle(NoiseSchedule schedule, double c) {
            this.schedule = schedule;
            this.c = c;
        }

        @Override
        public Tensor forward(Tensor input) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Tensor forward(List<Tensor> inputs) {
            Tensor x = inputs.get(0);
            double[] t = inputs.get(1).toDoubleArray();
            double[] v = x.toDoubleArray();
            int per = v.length / t.length;
            for (int i = 0; i < v.length; i++) {
                double ab = schedule.alphaBar((int) t[i / per]);
                v[i] = (v[i] - Math.sqrt(ab) * c) / Math.sqrt(1 - ab);
            }
            return Tensor.of(x.dtype(), v, x.shape().toArray());
        }

        @Override
        public String typeId() {
            return "oracle";
        }

        @Override
        public Config config() {
            return Config.empty();
        }
    }

    @Test
    void ancestralAndDdimSamplingWithTheExactDenoiserReachThePoint() {
        NoiseSchedule s = NoiseSchedule.linear(50, 1e-3, 0.2);
        Ddpm ddpm = new Ddpm(s, new Oracle(s, 1.5));
        Tensor ancestral = ddpm.sample(Shape.of(8, 2), new Generator(3));
        for (double v : ancestral.toDoubleArray()) {
            assertEquals(1.5, v, 1e-4);
        }
        Tensor ddim = ddpm.sampleDdim(Shape.of(8, 2), 7, new Generator(4));
        for (double v : ddim.toDoubleArray()) {
            assertEquals(1.5, v, 1e-4);
        }
    }

    @Test
    void clippedSamplersStopAtTheClipWhenThePointLiesBeyondIt() {
        NoiseSchedule s = NoiseSchedule.linear(50, 1e-3, 0.2);
        Ddpm clipped = new Ddpm(s, new Oracle(s, 1.5)).withClip(1);
        // every x0 estimate is clamped to 1; the last step (alphaBarPrev = 1, posterior coefficient of x0 = 1) returns it
        for (double v : clipped.sample(Shape.of(4, 2), new Generator(5)).toDoubleArray()) {
            assertEquals(1, v, 1e-5);
        }
        for (double v : clipped.sampleDdim(Shape.of(4, 2), 6, new Generator(6)).toDoubleArray()) {
            assertEquals(1, v, 1e-5);
        }
        // a clip the point lies inside changes nothing
        for (double v : new Ddpm(s, new Oracle(s, 1.5), 2).sampleDdim(Shape.of(4, 2), 6, new Generator(6)).toDoubleArray()) {
            assertEquals(1.5, v, 1e-4);
        }
        assertThrows(IllegalArgumentException.class, () -> new Ddpm(s, new Oracle(s, 0), -1));
    }

    @Test
    void ddimIsDeterministicGivenTheStartingNoise() {
        Ddpm ddpm = new Ddpm(NoiseSchedule.linear(20, 1e-3, 0.2), new MlpDenoiser(2, 8, 5));
        Tensor xT = Tensor.randn(Shape.of(4, 2), 9);
        float[] start = xT.toFloatArray();
        assertArrayEquals(ddpm.sampleDdim(xT, 5).toFloatArray(), ddpm.sampleDdim(xT, 5).toFloatArray());
        assertEquals(Shape.of(4, 2), ddpm.sample(xT, new Generator(1)).shape());
        assertArrayEquals(start, xT.toFloatArray(), "the starting noise is left as it was");
    }

    @Test
    void mlpDenoiserGradientsMatchFiniteDifferences() {
        MlpDenoiser d = new MlpDenoiser(2, 5, 2, 4, DType.FLOAT64, 11);
        Tensor t = Tensor.of(DType.FLOAT64, new double[]{3, 0, 7}, 3);
        GradientCheck.assertGradients(in -> d.forward(List.of(in.get(0), t)),
                List.of(Tensor.random(Shape.of(3, 2), DType.FLOAT64, Distribution.NORMAL, 0, 1, 2)));
        Tensor x = Tensor.random(Shape.of(3, 2), DType.FLOAT64, Distribution.NORMAL, 0, 1, 3);
        InPlaceGradients.assertGradients(() -> d.forward(List.of(x, t)).square().sum(),
                new ArrayList<>(d.parameters().values()), 1, 1e-6);
    }

    @Test
    void epsilonLossGradientsMatchFiniteDifferencesWithStepsAndNoiseFixed() {
        Ddpm ddpm = new Ddpm(NoiseSchedule.linear(10, 0.01, 0.3), new MlpDenoiser(2, 4, 1, 4, DType.FLOAT64, 12));
        Tensor x0 = Tensor.random(Shape.of(3, 2), DType.FLOAT64, Distribution.NORMAL, 0, 1, 4);
        Tensor eps = Tensor.random(Shape.of(3, 2), DType.FLOAT64, Distribution.NORMAL, 0, 1, 5);
        int[] t = {0, 4, 9};
        InPlaceGradients.assertGradients(() -> ddpm.loss(x0, t, eps), new ArrayList<>(ddpm.parameters().values()), 1, 1e-6);
    }

    @Test
    void unetKeepsTheImageShapeAndItsGradientsMatchFiniteDifferences() {
        UNetDenoiser u = new UNetDenoiser(1, 2, 4, DType.FLOAT64, 13);
        Tensor t = Tensor.of(DType.FLOAT64, new double[]{1, 5}, 2);
        Tensor x = Tensor.random(Shape.of(2, 1, 4, 4), DType.FLOAT64, Distribution.NORMAL, 0, 1, 6);
        assertEquals(Shape.of(2, 1, 4, 4), u.forward(List.of(x, t)).shape());
        GradientCheck.assertGradients(in -> u.forward(List.of(in.get(0), t)), List.of(x));
        InPlaceGradients.assertGradients(() -> u.forward(List.of(x, t)).square().sum(),
                new ArrayList<>(u.parameters().values()), 29, 1e-6);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> u.forward(List.of(Tensor.zeros(2, 1, 6, 6).cast(DType.FLOAT64), t)));
        assertTrue(e.getMessage().contains("divisible by 4, got [2, 1, 6, 6]"), e.getMessage());
    }

    @Test
    void ddpmSavesAndRebuildsThroughTheRegistry() {
        Ddpm ddpm = new Ddpm(NoiseSchedule.cosine(30, 0.008), new UNetDenoiser(1, 2, 7));
        Ddpm rebuilt = (Ddpm) Registry.global().layer(Registry.global().spec(ddpm));
        assertEquals(ddpm.config(), rebuilt.config());
        assertEquals(ddpm.schedule().alphaBar(17), rebuilt.schedule().alphaBar(17));
        Tensor x = Tensor.randn(Shape.of(1, 1, 4, 4), 1);
        Tensor t = Tensor.of(new float[]{3}, 1);
        assertArrayEquals(ddpm.forward(List.of(x, t)).toFloatArray(), rebuilt.forward(List.of(x, t)).toFloatArray());
    }
}
