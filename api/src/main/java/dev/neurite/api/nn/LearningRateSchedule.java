package dev.neurite.api.nn;

/** The learning rate as a function of progress; the Trainer applies it before every step. */
public interface LearningRateSchedule extends Component {
    /**
     * @param baseRate the optimizer's initial learning rate
     * @param epoch    zero-based epoch
     * @param step     zero-based global step (optimizer updates so far)
     */
    double rate(double baseRate, int epoch, long step);
}
