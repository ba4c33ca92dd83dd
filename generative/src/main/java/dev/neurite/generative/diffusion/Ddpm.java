package dev.neurite.generative.diffusion;

import dev.neurite.api.DType;
import dev.neurite.api.Generator;
import dev.neurite.api.MemoryScope;
import dev.neurite.api.Shape;
import dev.neurite.api.Tensor;
import dev.neurite.api.autograd.GradMode;
import dev.neurite.api.backend.Distribution;
import dev.neurite.api.nn.AbstractLayer;
import dev.neurite.api.nn.Config;
import dev.neurite.api.nn.Layer;
import dev.neurite.api.nn.Registry;

import java.util.Arrays;
import java.util.List;
import java.util.function.DoubleUnaryOperator;

/**
 * A denoising diffusion probabilistic model (Ho et al. 2020): a {@link NoiseSchedule} and a denoiser
 * {@code eps_theta([x_t, t])} that predicts the noise in {@code x_t}.
 * <ul>
 *   <li>{@link #qSample}: {@code x_t = sqrt(alphaBar_t) x_0 + sqrt(1 - alphaBar_t) eps};</li>
 *   <li>{@link #loss}: {@code E ||eps - eps_theta(x_t, t)||^2} with {@code t} uniform over the steps (mean over values);</li>
 *   <li>{@link #sample}: ancestral sampling of {@code p(x_{t-1} | x_t) = N(mu_theta, sigma_t^2 I)} with
 *       {@code mu_theta = (x_t - beta_t / sqrt(1 - alphaBar_t) eps_theta) / sqrt(alpha_t)} and {@code sigma_t^2 = beta_t};</li>
 *   <li>{@link #sampleDdim}: DDIM with {@code eta = 0} (Song et al. 2021), deterministic given {@code x_T}, on an
 *       evenly spaced subset of the steps.</li>
 * </ul>
 * With {@link #withClip clipping} (Ho et al.'s sampler clips to the data range [-1, 1]) both samplers form
 * {@code x0_hat = (x_t - sqrt(1 - alphaBar_t) eps_theta) / sqrt(alphaBar_t)}, clamp it, and continue from it: the
 * ancestral step takes the posterior mean {@code c0_t x0_hat + ct_t x_t}, DDIM the noise implied by the clamped
 * {@code x0_hat}. Early, nearly pure-noise steps then cannot throw the sample far outside the data range.
 * {@link #forward(List)} is the denoiser itself, so the model saves and loads as one layer.
 */
public final class Ddpm extends AbstractLayer {
    public static final String TYPE = "ddpm";

    private final NoiseSchedule schedule;
    private final Layer denoiser;
    private final double clip;

    public Ddpm(NoiseSchedule schedule, Layer denoiser) {
        this(schedule, denoiser, 0);
    }

    /** {@code clip > 0} clamps the sampler's estimates of {@code x_0} to {@code [-clip, clip]}; 0 leaves them. */
    public Ddpm(NoiseSchedule schedule, Layer denoiser, double clip) {
        if (!(clip >= 0)) {
            throw new IllegalArgumentException(TYPE + ": clip must be >= 0 (0: none), got " + clip);
        }
        this.schedule = schedule;
        this.denoiser = addChild("denoiser", denoiser);
        this.clip = clip;
    }

    public Ddpm(Config c) {
        this(NoiseSchedule.fromConfig(c.getConfig("schedule")), Registry.global().layer(c.getConfig("denoiser")),
                c.getDouble("clip", 0));
    }

    /** The same model (sharing the denoiser) with its samplers clamping {@code x0_hat} to {@code [-clip, clip]}. */
    public Ddpm withClip(double clip) {
        return new Ddpm(schedule, denoiser, clip);
    }

    public NoiseSchedule schedule() {
        return schedule;
    }

    public Layer denoiser() {
        return denoiser;
    }

    @Override
    public Tensor forward(Tensor input) {
        throw new IllegalArgumentException(TYPE + ": expected 2 inputs [x_t, t], got 1");
    }

    @Override
    public Tensor forward(List<Tensor> inputs) {
        return denoiser.forward(inputs);
    }

    /** The predicted noise {@code eps_theta(x_t, t)} for per-example steps {@code t}. */
    public Tensor predictNoise(Tensor xt, int[] t) {
        double[] steps = new double[t.length];
        for (int i = 0; i < t.length; i++) {
            steps[i] = check(t[i]);
        }
        return denoiser.forward(List.of(xt, Tensor.of(xt.dtype(), steps, t.length)));
    }

    /** {@code x_t = sqrt(alphaBar_t) x_0 + sqrt(1 - alphaBar_t) eps}, per example. */
    public Tensor qSample(Tensor x0, int[] t, Tensor eps) {
        if (!x0.shape().equals(eps.shape()) || x0.size(0) != t.length) {
            throw new IllegalArgumentException(TYPE + " q_sample: expected x0 and eps of the same shape with " + t.length
                    + " examples, got " + x0.shape() + " and " + eps.shape());
        }
        return x0.mul(perExample(t, schedule::alphaBar, Math::sqrt, x0))
                .add(eps.mul(perExample(t, schedule::alphaBar, ab -> Math.sqrt(1 - ab), x0)));
    }

    /** The epsilon-prediction loss on {@code x0} with steps and noise drawn from {@code g}. */
    public Tensor loss(Tensor x0, Generator g) {
        int[] t = new int[Math.toIntExact(x0.size(0))];
        for (int i = 0; i < t.length; i++) {
            t[i] = g.nextInt(schedule.steps());
        }
        return loss(x0, t, noise(x0.shape(), x0.dtype(), g));
    }

    /** The epsilon-prediction loss with steps {@code t} and noise {@code eps} given. */
    public Tensor loss(Tensor x0, int[] t, Tensor eps) {
        return predictNoise(qSample(x0, t, eps), t).sub(eps).square().mean();
    }

    /** Ancestral sampling from {@code x_T ~ N(0, I)} of {@code shape} (float32) down to {@code x_0}. */
    public Tensor sample(Shape shape, Generator g) {
        return sample(noise(shape, DType.FLOAT32, g), g);
    }

    /** Ancestral sampling from the given {@code x_T} (which is left as it is). */
    public Tensor sample(Tensor xT, Generator g) {
        return denoise(xT, descending(schedule.steps()), (x, eps, t, prev) -> {
            double beta = schedule.beta(t);
            Tensor mean = clip > 0
                    ? x0Hat(x, eps, t).mul(schedule.posteriorMeanCoefX0(t)).add(x.mul(schedule.posteriorMeanCoefXt(t)))
                    : x.sub(eps.mul(beta / Math.sqrt(1 - schedule.alphaBar(t)))).mul(1 / Math.sqrt(schedule.alpha(t)));
            return t == 0 ? mean : mean.add(noise(x.shape(), x.dtype(), g).mul(Math.sqrt(beta)));
        });
    }

    /** DDIM (eta = 0) from {@code x_T ~ N(0, I)} in {@code steps} evenly spaced steps. */
    public Tensor sampleDdim(Shape shape, int steps, Generator g) {
        return sampleDdim(noise(shape, DType.FLOAT32, g), steps);
    }

    /** DDIM (eta = 0) from the given {@code x_T}: {@code x_prev = sqrt(alphaBar_prev) x0_hat + sqrt(1 - alphaBar_prev) eps}. */
    public Tensor sampleDdim(Tensor xT, int steps) {
        if (steps < 1 || steps > schedule.steps()) {
            throw new IllegalArgumentException(TYPE + " ddim: steps must be in [1, " + schedule.steps() + "], got " + steps);
        }
        return denoise(xT, ddimSteps(schedule.steps(), steps), (x, eps, t, prev) -> {
            double ab = schedule.alphaBar(t);
            double abPrev = prev < 0 ? 1 : schedule.alphaBar(prev);
            Tensor x0 = x0Hat(x, eps, t);
            Tensor direction = clip > 0 ? x.sub(x0.mul(Math.sqrt(ab))).mul(1 / Math.sqrt(1 - ab)) : eps;
            return x0.mul(Math.sqrt(abPrev)).add(direction.mul(Math.sqrt(1 - abPrev)));
        });
    }

    /** {@code (x_t - sqrt(1 - alphaBar_t) eps) / sqrt(alphaBar_t)}, clamped when clipping. */
    private Tensor x0Hat(Tensor x, Tensor eps, int t) {
        double ab = schedule.alphaBar(t);
        Tensor x0 = x.sub(eps.mul(Math.sqrt(1 - ab))).mul(1 / Math.sqrt(ab));
        return clip > 0 ? x0.clamp(-clip, clip) : x0;
    }

    /** {@code steps} step indices from {@code T - 1} down to 0, evenly spaced. */
    static int[] ddimSteps(int total, int steps) {
        int[] r = new int[steps];
        for (int i = 0; i < steps; i++) {
            r[i] = steps == 1 ? total - 1 : (int) Math.round((double) (total - 1) * (steps - 1 - i) / (steps - 1));
        }
        return r;
    }

    private static int[] descending(int total) {
        int[] r = new int[total];
        for (int i = 0; i < total; i++) {
            r[i] = total - 1 - i;
        }
        return r;
    }

    private interface Update {
        Tensor next(Tensor x, Tensor eps, int t, int prev);
    }

    private Tensor denoise(Tensor xT, int[] steps, Update update) {
        boolean wasTraining = denoiser.isTraining();
        denoiser.eval();
        Tensor x = xT;
        try (GradMode.Guard guard = GradMode.noGrad()) {
            for (int i = 0; i < steps.length; i++) {
                int t = steps[i];
                int prev = i + 1 < steps.length ? steps[i + 1] : -1;
                Tensor next;
                try (MemoryScope scope = MemoryScope.open()) {
                    int[] ts = new int[Math.toIntExact(x.size(0))];
                    Arrays.fill(ts, t);
                    next = MemoryScope.keep(update.next(x, predictNoise(x, ts), t, prev));
                }
                if (x != xT) {
                    x.close();
                }
                x = next;
            }
        } finally {
            denoiser.train(wasTraining);
        }
        return x;
    }

    private Tensor perExample(int[] t, java.util.function.IntToDoubleFunction table, DoubleUnaryOperator f, Tensor like) {
        double[] v = new double[t.length];
        for (int i = 0; i < t.length; i++) {
            v[i] = f.applyAsDouble(table.applyAsDouble(check(t[i])));
        }
        long[] shape = new long[like.rank()];
        Arrays.fill(shape, 1);
        shape[0] = t.length;
        return Tensor.of(like.dtype(), v, shape);
    }

    private int check(int t) {
        if (t < 0 || t >= schedule.steps()) {
            throw new IllegalArgumentException(TYPE + ": step must be in [0, " + schedule.steps() + "), got " + t);
        }
        return t;
    }

    private static Tensor noise(Shape shape, DType dtype, Generator g) {
        return Tensor.random(shape, dtype, Distribution.NORMAL, 0, 1, g.nextSeed());
    }

    @Override
    public String typeId() {
        return TYPE;
    }

    @Override
    public Config config() {
        return Config.empty().with("schedule", schedule.config()).with("denoiser", Registry.global().spec(denoiser))
                .with("clip", clip);
    }
}
