package dev.neurite.layers;

import dev.neurite.api.nn.ComponentProvider;
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
import dev.neurite.layers.conv.AvgPool2d;
import dev.neurite.layers.conv.Conv2d;
import dev.neurite.layers.conv.GlobalAvgPool;
import dev.neurite.layers.conv.MaxPool2d;
import dev.neurite.layers.core.Dense;
import dev.neurite.layers.core.Dropout;
import dev.neurite.layers.core.Flatten;
import dev.neurite.layers.core.Normalize;
import dev.neurite.layers.loss.BinaryCrossEntropy;
import dev.neurite.layers.loss.BinaryCrossEntropyWithLogits;
import dev.neurite.layers.loss.CategoricalCrossEntropy;
import dev.neurite.layers.loss.Hinge;
import dev.neurite.layers.loss.Huber;
import dev.neurite.layers.loss.KLDivergence;
import dev.neurite.layers.loss.MeanAbsoluteError;
import dev.neurite.layers.loss.MeanSquaredError;
import dev.neurite.layers.loss.NLLLoss;
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

/** Registers this module's layer, loss, optimizer and schedule types under their stable ids. */
public final class LayersComponents implements ComponentProvider {
    public static final String MODULE = "neurite-layers";

    @Override
    public String module() {
        return MODULE;
    }

    @Override
    public void register(Registry.Builder registry) {
        registry.layer(Dense.TYPE, Dense::new)
                .layer(Dropout.TYPE, Dropout::new)
                .layer(Flatten.TYPE, Flatten::new)
                .layer(Normalize.TYPE, Normalize::new)
                .layer(ReLU.TYPE, c -> new ReLU())
                .layer(LeakyReLU.TYPE, LeakyReLU::new)
                .layer(ELU.TYPE, ELU::new)
                .layer(GELU.TYPE, GELU::new)
                .layer(Sigmoid.TYPE, c -> new Sigmoid())
                .layer(Tanh.TYPE, c -> new Tanh())
                .layer(Softmax.TYPE, Softmax::new)
                .layer(LogSoftmax.TYPE, LogSoftmax::new)
                .layer(Swish.TYPE, c -> new Swish())
                .layer("silu", c -> new Swish())
                .layer(Step.TYPE, c -> new Step())
                .layer(PReLU.TYPE, PReLU::new)
                .layer(dev.neurite.layers.activation.Maxout.TYPE, dev.neurite.layers.activation.Maxout::new)
                .layer(Conv2d.TYPE, Conv2d::new)
                .layer(MaxPool2d.TYPE, MaxPool2d::new)
                .layer(AvgPool2d.TYPE, AvgPool2d::new)
                .layer(GlobalAvgPool.TYPE, GlobalAvgPool::new);
        registry.layer(dev.neurite.layers.conv.Conv1d.TYPE, dev.neurite.layers.conv.Conv1d::new)
                .layer(dev.neurite.layers.conv.ConvTranspose2d.TYPE, dev.neurite.layers.conv.ConvTranspose2d::new)
                .layer(dev.neurite.layers.conv.Upsample.TYPE, dev.neurite.layers.conv.Upsample::new)
                .layer(dev.neurite.layers.conv.ZeroPad2d.TYPE, dev.neurite.layers.conv.ZeroPad2d::new)
                .layer(dev.neurite.layers.conv.Dropout2d.TYPE, dev.neurite.layers.conv.Dropout2d::new)
                .layer(dev.neurite.layers.conv.ResidualBlock.TYPE, dev.neurite.layers.conv.ResidualBlock::new);
        registry.layer(dev.neurite.layers.norm.BatchNorm1d.TYPE, dev.neurite.layers.norm.BatchNorm1d::new)
                .layer(dev.neurite.layers.norm.BatchNorm2d.TYPE, dev.neurite.layers.norm.BatchNorm2d::new)
                .layer(dev.neurite.layers.norm.LayerNorm.TYPE, dev.neurite.layers.norm.LayerNorm::new)
                .layer(dev.neurite.layers.norm.GroupNorm.TYPE, dev.neurite.layers.norm.GroupNorm::new);
        registry.layer(dev.neurite.layers.embedding.Embedding.TYPE, dev.neurite.layers.embedding.Embedding::new)
                .layer(dev.neurite.layers.rnn.SimpleRNN.TYPE, dev.neurite.layers.rnn.SimpleRNN::new)
                .layer(dev.neurite.layers.rnn.LSTM.TYPE, dev.neurite.layers.rnn.LSTM::new)
                .layer(dev.neurite.layers.rnn.GRU.TYPE, dev.neurite.layers.rnn.GRU::new)
                .layer(dev.neurite.layers.attention.MultiHeadAttention.TYPE, dev.neurite.layers.attention.MultiHeadAttention::new)
                .layer(dev.neurite.layers.attention.TransformerEncoderLayer.TYPE, dev.neurite.layers.attention.TransformerEncoderLayer::new)
                .layer(dev.neurite.layers.attention.TransformerDecoderLayer.TYPE, dev.neurite.layers.attention.TransformerDecoderLayer::new)
                .layer(dev.neurite.layers.attention.TransformerEncoder.TYPE, dev.neurite.layers.attention.TransformerEncoder::new)
                .layer(dev.neurite.layers.attention.TransformerDecoder.TYPE, dev.neurite.layers.attention.TransformerDecoder::new)
                .layer(dev.neurite.layers.attention.Transformer.TYPE, dev.neurite.layers.attention.Transformer::new)
                .layer(dev.neurite.layers.embedding.SinusoidalPositionalEncoding.TYPE, dev.neurite.layers.embedding.SinusoidalPositionalEncoding::new)
                .layer(dev.neurite.layers.embedding.LearnedPositionalEmbedding.TYPE, dev.neurite.layers.embedding.LearnedPositionalEmbedding::new)
                .layer(dev.neurite.layers.seq2seq.TransformerSeq2Seq.TYPE, dev.neurite.layers.seq2seq.TransformerSeq2Seq::new)
                .layer(dev.neurite.layers.seq2seq.LstmSeq2Seq.TYPE, dev.neurite.layers.seq2seq.LstmSeq2Seq::new)
                .layer(dev.neurite.layers.seq2seq.RecurrentLanguageModel.TYPE, dev.neurite.layers.seq2seq.RecurrentLanguageModel::new);
        registry.layer(dev.neurite.layers.graph.GCNConv.TYPE, dev.neurite.layers.graph.GCNConv::new)
                .layer(dev.neurite.layers.graph.SAGEConv.TYPE, dev.neurite.layers.graph.SAGEConv::new)
                .layer(dev.neurite.layers.graph.GINConv.TYPE, dev.neurite.layers.graph.GINConv::new)
                .layer(dev.neurite.layers.graph.GATConv.TYPE, dev.neurite.layers.graph.GATConv::new)
                .layer(dev.neurite.layers.graph.GlobalPool.TYPE, dev.neurite.layers.graph.GlobalPool::new);

        registry.loss(MeanSquaredError.TYPE, MeanSquaredError::new)
                .loss(MeanAbsoluteError.TYPE, MeanAbsoluteError::new)
                .loss(Huber.TYPE, Huber::new)
                .loss(BinaryCrossEntropy.TYPE, BinaryCrossEntropy::new)
                .loss(BinaryCrossEntropyWithLogits.TYPE, BinaryCrossEntropyWithLogits::new)
                .loss(CategoricalCrossEntropy.TYPE, CategoricalCrossEntropy::new)
                .loss(SparseCategoricalCrossEntropy.TYPE, SparseCategoricalCrossEntropy::new)
                .loss(NLLLoss.TYPE, NLLLoss::new)
                .loss(KLDivergence.TYPE, KLDivergence::new)
                .loss(Hinge.TYPE, Hinge::new)
                .loss(dev.neurite.layers.loss.ContrastiveLoss.TYPE, dev.neurite.layers.loss.ContrastiveLoss::new)
                .loss(dev.neurite.layers.loss.TripletMarginLoss.TYPE, dev.neurite.layers.loss.TripletMarginLoss::new)
                .loss(dev.neurite.layers.loss.DistillationLoss.TYPE, dev.neurite.layers.loss.DistillationLoss::new)
                .loss(dev.neurite.layers.loss.CoralLoss.TYPE, dev.neurite.layers.loss.CoralLoss::new);

        registry.optimizer(SGD.TYPE, (c, p) -> new SGD(p, c))
                .optimizer(AdaGrad.TYPE, (c, p) -> new AdaGrad(p, c))
                .optimizer(RMSProp.TYPE, (c, p) -> new RMSProp(p, c))
                .optimizer(Adam.TYPE, (c, p) -> new Adam(p, c))
                .optimizer(AdamW.TYPE, (c, p) -> new AdamW(p, c))
                .optimizer(dev.neurite.layers.optim.LBFGS.TYPE, (c, p) -> new dev.neurite.layers.optim.LBFGS(p, c));

        registry.schedule(StepDecay.TYPE, StepDecay::new)
                .schedule(ExponentialDecay.TYPE, ExponentialDecay::new)
                .schedule(InverseTimeDecay.TYPE, InverseTimeDecay::new)
                .schedule(InverseSqrtDecay.TYPE, InverseSqrtDecay::new)
                .schedule(CosineAnnealing.TYPE, CosineAnnealing::new)
                .schedule(LinearWarmup.TYPE, LinearWarmup::new)
                .schedule(TransformerWarmup.TYPE, TransformerWarmup::new);
    }
}
