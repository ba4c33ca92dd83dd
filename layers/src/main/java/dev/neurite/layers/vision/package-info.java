/**
 * Explaining image classifiers: {@link dev.neurite.layers.vision.GradCam Grad-CAM} and
 * {@link dev.neurite.layers.vision.Occlusion occlusion sensitivity} heat maps, and
 * {@link dev.neurite.layers.vision.HeatmapPng} to draw one over its image.
 */
package dev.neurite.layers.vision;
