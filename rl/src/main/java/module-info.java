/** Reinforcement learning for Neurite: environments, finite MDPs, dynamic programming, tabular and deep agents. */
module dev.neurite.rl {
    requires transitive dev.neurite.api;
    requires transitive dev.neurite.layers;

    exports dev.neurite.rl;
    exports dev.neurite.rl.env;
    exports dev.neurite.rl.mdp;
    exports dev.neurite.rl.tabular;
    exports dev.neurite.rl.deep;
}
