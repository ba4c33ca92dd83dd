package dev.neurite.rl.tabular;

import dev.neurite.rl.LinearSchedule;
import dev.neurite.rl.Transition;

/**
 * Q-learning (Watkins): Q(s,a) += alpha (r + gamma max_a' Q(s',a') - Q(s,a)), with no bootstrap from a terminal s'.
 * Off-policy: it learns Q* while behaving epsilon-greedily.
 */
public final class QLearning extends TabularAgent {
    public QLearning(int states, int actions, double alpha, double gamma, LinearSchedule epsilon, long seed) {
        super("QLearning", states, actions, alpha, gamma, epsilon, seed);
    }

    @Override
    public void observe(Transition<Integer, Integer> t) {
        check(t);
        double target = t.reward() + (t.terminated() ? 0 : gamma * max(t.next()));
        q[t.observation()][t.action()] += alpha * (target - q[t.observation()][t.action()]);
        tick();
    }
}
