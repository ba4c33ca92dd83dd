package dev.neurite.rl.tabular;

import dev.neurite.rl.LinearSchedule;
import dev.neurite.rl.Transition;

/**
 * SARSA: Q(s,a) += alpha (r + gamma Q(s',a') - Q(s,a)) where a' is the action the agent will actually take next.
 * On-policy: it learns the value of its own epsilon-greedy behaviour. The next action is chosen in {@link #observe}
 * and returned by the following {@link #action} call for s'.
 */
public final class Sarsa extends TabularAgent {
    private int pendingState = -1;
    private int pendingAction;

    public Sarsa(int states, int actions, double alpha, double gamma, LinearSchedule epsilon, long seed) {
        super("Sarsa", states, actions, alpha, gamma, epsilon, seed);
    }

    @Override
    public Integer action(Integer s) {
        if (pendingState >= 0 && s == pendingState) {
            pendingState = -1;
            return pendingAction;
        }
        return super.action(s);
    }

    @Override
    public void observe(Transition<Integer, Integer> t) {
        check(t);
        double bootstrap = 0;
        pendingState = -1;
        if (!t.terminated()) {
            int next = super.action(t.next());
            bootstrap = gamma * q[t.next()][next];
            if (!t.truncated()) {
                pendingState = t.next();
                pendingAction = next;
            }
        }
        q[t.observation()][t.action()] += alpha * (t.reward() + bootstrap - q[t.observation()][t.action()]);
        tick();
    }

    @Override
    public void endEpisode() {
        pendingState = -1;
    }
}
