package dev.neurite.api.train;

import dev.neurite.api.MemoryScope;
import dev.neurite.api.Tensor;
import dev.neurite.api.autograd.GradMode;
import dev.neurite.api.data.ImageView;
import dev.neurite.api.data.TenCrop;
import dev.neurite.api.nn.Config;
import dev.neurite.api.nn.Layer;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Test-time augmentation: a classifier run on several deterministic views of each input (crops, mirror images) whose
 * softmax outputs are averaged. {@link #probabilities} gives the averaged class probabilities; {@link #forward}
 * gives their logarithm, which a softmax maps back to the same probabilities, so the wrapper takes the model's place
 * wherever logits are expected: {@code Trainer.evaluate} with a cross-entropy loss (which then is the averaged
 * prediction's negative log-likelihood) and arg-max metrics such as accuracy, top-k and the confusion matrix.
 *
 * <pre>{@code
 * Layer tta = TestTimeAugmentation.tenCrop(model, 28, 28, 24, 0);   // 24x24 crops, zero-padded back to 28x28
 * Map<String, Double> test = Trainer.builder(tta, loss, optimizer).metrics(Metric.accuracy()).build().evaluate(data);
 * }</pre>
 *
 * <p>It is an evaluation wrapper, not a saved component: its parameters are the model's (under {@code model.}),
 * and its type id is registered nowhere; save the wrapped model instead.
 */
public final class TestTimeAugmentation implements Layer {
    public static final String TYPE = "test_time_augmentation";

    private final Layer model;
    private final List<ImageView> views;

    public TestTimeAugmentation(Layer model, List<? extends ImageView> views) {
        if (model == null || views == null || views.isEmpty()) {
            throw new IllegalArgumentException("test-time augmentation: expected a model and at least one view, got "
                    + (views == null ? "no views" : views.size() + " views"));
        }
        this.model = model;
        this.views = List.copyOf(views);
    }

    /**
     * Ten crops of {@code size x size} (torchvision's {@code TenCrop} order) of images {@code height x width} padded
     * by {@code padding} zeros on every side, each zero-padded back to {@code height x width} (centred) so the model
     * sees inputs of the size it was trained on. With {@code size == height == width} the padding is what makes the
     * crops differ: the corner crops are the image shifted by {@code padding} pixels, the deterministic counterparts
     * of {@code RandomCrop(size, padding)}.
     */
    public static TestTimeAugmentation tenCrop(Layer model, int height, int width, int size, int padding) {
        if (padding < 0 || size > Math.min(height, width)) {
            throw new IllegalArgumentException("ten-crop: expected padding >= 0 and a crop size of at most the image's "
                    + Math.min(height, width) + ", got padding " + padding + " and size " + size);
        }
        List<ImageView> views = TenCrop.tenCrop(height + 2 * padding, width + 2 * padding, size).stream()
                .map(c -> ImageView.pad(padding).andThen(c).andThen(ImageView.padTo(height, width))).toList();
        return new TestTimeAugmentation(model, views);
    }

    /** The image and its mirror image. */
    public static TestTimeAugmentation horizontalFlips(Layer model) {
        return new TestTimeAugmentation(model, List.of(ImageView.identity(), ImageView.horizontalFlip()));
    }

    public Layer model() {
        return model;
    }

    public List<ImageView> views() {
        return views;
    }

    /** The mean over the views of the model's softmax (over axis 1) on each view: {@code [B, classes]}. */
    public Tensor probabilities(Tensor input) {
        Tensor sum = null;
        for (ImageView view : views) {
            Tensor p = GradMode.isEnabled() ? softmax(view.apply(input)) : scoped(view, input);
            sum = sum == null ? p : sum.add(p);
        }
        return sum.div(views.size());
    }

    /** Without gradients each view's activations are released as soon as its probabilities are known. */
    private Tensor scoped(ImageView view, Tensor input) {
        try (MemoryScope scope = MemoryScope.open()) {
            return MemoryScope.keep(softmax(view.apply(input)));
        }
    }

    private Tensor softmax(Tensor viewed) {
        Tensor out = model.forward(viewed);
        if (out.rank() != 2) {
            throw new IllegalArgumentException("test-time augmentation: expected the model to give scores [B, classes], got "
                    + out.shape() + " for a view of shape " + viewed.shape());
        }
        return out.softmax(1);
    }

    /** The logarithm of {@link #probabilities}: logits of the averaged prediction. */
    @Override
    public Tensor forward(Tensor input) {
        return probabilities(input).log();
    }

    @Override
    public Map<String, Tensor> parameters() {
        return prefixed(model.parameters());
    }

    @Override
    public Map<String, Tensor> buffers() {
        return prefixed(model.buffers());
    }

    private static Map<String, Tensor> prefixed(Map<String, Tensor> tensors) {
        Map<String, Tensor> all = new LinkedHashMap<>();
        tensors.forEach((k, v) -> all.put("model." + k, v));
        return all;
    }

    @Override
    public Map<String, Layer> children() {
        return Map.of("model", model);
    }

    @Override
    public void train(boolean training) {
        model.train(training);
    }

    @Override
    public boolean isTraining() {
        return model.isTraining();
    }

    @Override
    public String typeId() {
        return TYPE;
    }

    @Override
    public Config config() {
        return Config.empty().with("views", views.stream().map(Object::toString).toList());
    }

    @Override
    public String toString() {
        return "TestTimeAugmentation(" + views.size() + " views)";
    }
}
