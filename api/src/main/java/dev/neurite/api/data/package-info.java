/**
 * The data pipeline: datasets with bulk access, a prefetching, reproducibly shuffling {@link dev.neurite.api.data.DataLoader},
 * IDX files, Fashion-MNIST, a synthetic stand-in for when no data is at hand, seeded augmentation
 * ({@link dev.neurite.api.data.Transform}s) and the deterministic views of test-time augmentation
 * ({@link dev.neurite.api.data.ImageView}, {@link dev.neurite.api.data.TenCrop}).
 */
package dev.neurite.api.data;
