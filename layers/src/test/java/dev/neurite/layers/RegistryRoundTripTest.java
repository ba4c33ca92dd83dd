package dev.neurite.layers;

import dev.neurite.api.DType;
import dev.neurite.api.Generator;
import dev.neurite.api.Tensor;
import dev.neurite.api.nn.Component;
import dev.neurite.api.nn.Config;
import dev.neurite.api.nn.Registry;
import dev.neurite.layers.activation.ELU;
import dev.neurite.layers.activation.GELU;
import dev.neurite.layers.activation.LeakyReLU;
import dev.neurite.layers.activation.LogSoftmax;
import dev.neurite.layers.activation.PReLU;
import dev.neurite.layers.activation.ReLU;
import dev.neurite.layers.activation.Sigmoid;
import dev.neurite.layers.activation.Softmax;
import dev.neurite.layers.activation.Step;
import dev.neurite.layers.activation.Swish;
import dev.neurite.layers.activation.Tanh;
import dev.neurite.layers.core.Dense;
import dev.neurite.layers.core.Dropout;
import dev.neurite.layers.core.Flatten;
import dev.neurite.layers.core.Normalize;
import dev.neurite.layers.init.Initializers;
import dev.neurite.layers.loss.BinaryCrossEntropy;
import dev.neurite.layers.loss.BinaryCrossEntropyWithLogits;
import dev.neurite.layers.loss.CategoricalCrossEntropy;
import dev.neurite.layers.loss.Hinge;
import dev.neurite.layers.loss.Huber;
import dev.neurite.layers.loss.KLDivergence;
import dev.neurite.layers.loss.MeanAbsoluteError;
import dev.neurite.layers.loss.MeanSquaredError;
import dev.neurite.layers.loss.NLLLoss;
import dev.neurite.layers.loss.Reduction;
import dev.neurite.layers.loss.SparseCategoricalCrossEntropy;
import dev.neurite.layers.optim.AdaGrad;
import dev.neurite.layers.optim.Adam;
import dev.neurite.layers.optim.AdamW;
import dev.neurite.layers.optim.RMSProp;
import dev.neurite.layers.optim.SGD;
import dev.neurite.layers.schedule.CosineAnnealing;
import dev.neurite.layers.schedule.ExponentialDecay;
import dev.neurite.layers.schedule.InverseSqrtDecay;
import dev.neurite.layers.schedule.InverseTimeDecay;
import dev.neurite.layers.schedule.LinearWarmup;
import dev.neurite.layers.schedule.StepDecay;
import dev.neurite.layers.schedule.TransformerWarmup;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every registered type: spec, rebuild through the global Registry, same config. */
class RegistryRoundTripTest {
    private static final Map<String, Tensor> PARAMS = Map.of("w", Tensor.zeros(2, 2).requiresGrad(true));

    private static List<Component> components() {
        return List.of(
                new Dense(3, 2, new Generator(1)),
                new Dense(3, 2, false, Initializers.heNormal(), Initializers.zeros(), DType.FLOAT64, 7),
                new Dense(3, 2, true, Initializers.uniform(-0.5, 0.25), Initializers.constant(0.01), DType.FLOAT32, 7),
                new Dense(3, 2, true, Initializers.glorotUniform(), Initializers.normal(0, 0.01), DType.FLOAT32, 7),
                new Dropout(0.3, 11), new Flatten(2), new Normalize(new double[]{0.5, 0.1}, new double[]{0.2, 0.3}),
                new ReLU(), new LeakyReLU(0.2), new ELU(0.5), new GELU(true), new Sigmoid(), new Tanh(), new Softmax(0),
                new LogSoftmax(), new Swish(), new Step(), new PReLU(3, 0.1, DType.FLOAT32),
                new dev.neurite.layers.conv.Conv2d(3, 4, 3, new Generator(2)),
                new dev.neurite.layers.conv.Conv2d(4, 6, new int[]{3, 1}, new int[]{2, 1}, new int[]{1, 0},
                        new int[]{1, 2}, 2, false, DType.FLOAT64, 5),
                new dev.neurite.layers.conv.MaxPool2d(3, 2, 1), new dev.neurite.layers.conv.AvgPool2d(2),
                new dev.neurite.layers.conv.GlobalAvgPool(),
                new dev.neurite.layers.conv.Conv1d(3, 4, 3, new Generator(3)),
                new dev.neurite.layers.conv.Conv1d(4, 6, 3, 2, 1, 2, 2, false, DType.FLOAT64, 5),
                new dev.neurite.layers.conv.ConvTranspose2d(3, 2, 3, 2, 1, 1, true, 4),
                new dev.neurite.layers.conv.ConvTranspose2d(2, 3, new int[]{3, 2}, new int[]{3, 1}, new int[]{2, 1},
                        new int[]{2, 0}, new int[]{1, 2}, false, DType.FLOAT64, 6),
                new dev.neurite.layers.conv.Upsample(2), new dev.neurite.layers.conv.Upsample(1.5, "bilinear"),
                new dev.neurite.layers.conv.Upsample(2, dev.neurite.layers.conv.Upsample.Mode.BILINEAR, true),
                new dev.neurite.layers.conv.ZeroPad2d(1, 2, 0, -1), new dev.neurite.layers.conv.Dropout2d(0.2, 8),
                new dev.neurite.layers.conv.ResidualBlock(4, 1, 9),
                new dev.neurite.layers.conv.ResidualBlock(4, 8, 2, false, DType.FLOAT64, 10),
                new dev.neurite.layers.norm.BatchNorm1d(5),
                new dev.neurite.layers.norm.BatchNorm2d(3, 1e-3, 0.3, false, DType.FLOAT64),
                new dev.neurite.layers.norm.LayerNorm(4, 5),
                new dev.neurite.layers.norm.LayerNorm(new long[]{6}, 1e-6, false, DType.FLOAT64),
                new dev.neurite.layers.norm.GroupNorm(2, 6),
                new dev.neurite.layers.embedding.Embedding(7, 3, new Generator(4)),
                new dev.neurite.layers.embedding.Embedding(7, 3, -1L, DType.FLOAT64, 5),
                new dev.neurite.layers.rnn.SimpleRNN(3, 4, new Generator(5)),
                new dev.neurite.layers.rnn.SimpleRNN(3, 4, 2, "relu", false, true, 0.1, true, DType.FLOAT64, 6),
                new dev.neurite.layers.rnn.LSTM(3, 4, new Generator(6)),
                new dev.neurite.layers.rnn.LSTM(3, 4, 3, true, true, 0.2, true, DType.FLOAT32, 7),
                new dev.neurite.layers.rnn.GRU(3, 4, new Generator(7)),
                new dev.neurite.layers.rnn.GRU(3, 4, 2, false, false, 0, true, DType.FLOAT64, 8),
                new dev.neurite.layers.attention.MultiHeadAttention(8, 2, new Generator(8)),
                new dev.neurite.layers.attention.MultiHeadAttention(6, 3, 0.1, false, true, DType.FLOAT64, 9),
                new dev.neurite.layers.attention.TransformerEncoderLayer(8, 2, new Generator(9)),
                new dev.neurite.layers.attention.TransformerEncoderLayer(8, 4, 16, 0, "gelu", 1e-6, true, true, DType.FLOAT64, 10),
                new dev.neurite.layers.attention.TransformerDecoderLayer(8, 2, new Generator(10)),
                new dev.neurite.layers.attention.TransformerDecoderLayer(8, 4, 16, 0.2, "gelu", 1e-6, true, true, DType.FLOAT32, 11),
                new dev.neurite.layers.attention.TransformerEncoder(new dev.neurite.layers.attention.TransformerEncoderLayer(8, 2,
                        new Generator(11)), 2, true),
                new dev.neurite.layers.attention.TransformerDecoder(new dev.neurite.layers.attention.TransformerDecoderLayer(8, 2,
                        new Generator(12)), 3, false),
                new dev.neurite.layers.attention.Transformer(8, 2, 1, 2, new Generator(13)),
                new dev.neurite.layers.embedding.SinusoidalPositionalEncoding(8, 100, true),
                new dev.neurite.layers.embedding.LearnedPositionalEmbedding(50, 8, false, new Generator(14)),
                new dev.neurite.layers.seq2seq.TransformerSeq2Seq(11, 12, 8, 2, 1, 2, 16, 0.1, 30, true, 15),
                new dev.neurite.layers.seq2seq.LstmSeq2Seq(11, 12, 8, 16, 2, false, 0.2, 16),
                new dev.neurite.layers.seq2seq.RecurrentLanguageModel(20, 8, 16, 2, "gru", 0.1, 17),
                new dev.neurite.layers.graph.GCNConv(4, 3, new Generator(18)),
                new dev.neurite.layers.graph.GCNConv(4, 3, false, false, false, DType.FLOAT64, 19),
                new dev.neurite.layers.graph.SAGEConv(4, 3, new Generator(20)),
                new dev.neurite.layers.graph.SAGEConv(4, 3, dev.neurite.layers.graph.Aggregation.MAX, false, false, true, DType.FLOAT64, 21),
                new dev.neurite.layers.graph.GINConv(new dev.neurite.api.nn.Sequential(new Dense(4, 8, new Generator(22)), new ReLU(),
                        new Dense(8, 3, new Generator(23)))),
                new dev.neurite.layers.graph.GINConv(new Dense(4, 3, new Generator(24)), 0.1, true, DType.FLOAT32),
                new dev.neurite.layers.graph.GATConv(4, 3, 2, new Generator(25)),
                new dev.neurite.layers.graph.GATConv(4, 3, 4, false, 0.1, 0.3, false, false, DType.FLOAT64, 26),
                new dev.neurite.layers.graph.GlobalPool(dev.neurite.layers.graph.Aggregation.MAX),
                new MeanSquaredError(Reduction.SUM), new MeanAbsoluteError(), new Huber(0.5, Reduction.NONE),
                new BinaryCrossEntropy(), new BinaryCrossEntropyWithLogits(Reduction.SUM),
                new CategoricalCrossEntropy(Reduction.MEAN, 0.1), new SparseCategoricalCrossEntropy(Reduction.SUM, 0.2),
                new NLLLoss(), new KLDivergence(Reduction.BATCHMEAN, true), new Hinge(2, Reduction.MEAN),
                new dev.neurite.layers.loss.ContrastiveLoss(2, Reduction.SUM),
                new dev.neurite.layers.loss.TripletMarginLoss(0.5, 1, 1e-3, true, Reduction.NONE),
                new dev.neurite.layers.loss.DistillationLoss(2, 0.3, Reduction.MEAN), new dev.neurite.layers.loss.CoralLoss(),
                new dev.neurite.layers.activation.Maxout(3, 2, 4, DType.FLOAT64, 5),
                new dev.neurite.layers.optim.LBFGS(PARAMS, 0.5).maxIter(7).historySize(3).lineSearch("strong_wolfe"),
                new SGD(PARAMS, 0.1).learningRateScale("w", 0.1),
                new SGD(PARAMS, 0.1).momentum(0.9, 0, true).weightDecay(1e-4).clipGradNorm(1),
                new AdaGrad(PARAMS).learningRateDecay(0.01).initialAccumulator(0.1),
                new RMSProp(PARAMS).momentum(0.9).centered(true).clipGradValue(0.5),
                new Adam(PARAMS, 3e-4).betas(0.8, 0.99).eps(1e-6),
                new AdamW(PARAMS).weightDecay(0.05),
                new StepDecay(3, 0.5), new ExponentialDecay(0.9), new InverseTimeDecay(1), new InverseSqrtDecay(),
                new CosineAnnealing(10, 1e-4), new LinearWarmup(100, new CosineAnnealing(5, 0)), new LinearWarmup(5),
                new TransformerWarmup(512, 4000));
    }

    @TestFactory
    Stream<DynamicTest> specRebuildsTheSameConfig() {
        Registry registry = Registry.global();
        return components().stream().map(c -> DynamicTest.dynamicTest(c.typeId() + c.config(), () -> {
            Config spec = registry.spec(c);
            assertEquals(LayersComponents.MODULE, spec.getString("module"));
            Component rebuilt = rebuild(registry, c, spec);
            assertEquals(c.getClass(), rebuilt.getClass());
            assertEquals(c.typeId(), rebuilt.typeId());
            assertEquals(c.config(), rebuilt.config());
        }));
    }

    private static Component rebuild(Registry registry, Component c, Config spec) {
        Map<Class<?>, Function<Config, Component>> byKind = Map.of(
                dev.neurite.api.nn.Layer.class, registry::layer,
                dev.neurite.api.nn.Loss.class, registry::loss,
                dev.neurite.api.nn.Optimizer.class, s -> registry.optimizer(s, PARAMS),
                dev.neurite.api.nn.LearningRateSchedule.class, registry::schedule);
        return byKind.entrySet().stream().filter(e -> e.getKey().isInstance(c)).findFirst().orElseThrow().getValue().apply(spec);
    }

    @Test
    void everyRegisteredTypeIsCovered() {
        Set<String> covered = new TreeSet<>();
        components().forEach(c -> covered.add(c.typeId()));
        covered.add("silu");
        Set<String> registered = new TreeSet<>();
        for (Registry.Kind kind : Registry.Kind.values()) {
            Registry.global().types(kind).forEach((type, module) -> {
                if (module.equals(LayersComponents.MODULE)) {
                    registered.add(type);
                }
            });
        }
        assertEquals(registered, covered);
    }

    @Test
    void unknownInitializerTypeIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Initializers.fromConfig(Config.empty().with("type", "orthogonal")));
        assertTrue(e.getMessage().contains("orthogonal"), e.getMessage());
    }
}
