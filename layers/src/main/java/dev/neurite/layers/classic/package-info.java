/**
 * The classical baselines a deep model is compared against, and the perceptron the course starts from:
 * {@link dev.neurite.layers.classic.Perceptron}, {@link dev.neurite.layers.classic.LinearRegression} (normal
 * equations), {@link dev.neurite.layers.classic.LogisticRegression}, {@link dev.neurite.layers.classic.KNearestNeighbors},
 * {@link dev.neurite.layers.classic.KMeans} and {@link dev.neurite.layers.classic.PCA}. The bulk arithmetic (products,
 * distances) runs as tensor operations on the backend; only small dense d x d systems are solved on the host in float64.
 */
package dev.neurite.layers.classic;
