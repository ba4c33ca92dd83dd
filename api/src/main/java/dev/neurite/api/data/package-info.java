/**
 * The data pipeline: datasets with bulk access, a prefetching, reproducibly shuffling {@link dev.neurite.api.data.DataLoader},
 * IDX files, Fashion-MNIST, and a synthetic stand-in for when no data is at hand.
 */
package dev.neurite.api.data;
