/** Learning-rate schedules, each a function of the base rate, the epoch and the step. */
package dev.neurite.layers.schedule;
