// sklite: the plot module: SVG pictures written by the library itself (a grid of digit images, a
// confusion matrix heat map, an x-y chart, a grid search's heat map with contours), with no
// plotting dependency.
#ifndef SKLITE_PLOT_HPP
#define SKLITE_PLOT_HPP

#include "sklite/plot/colormap.hpp"
#include "sklite/plot/confusion_matrix_heatmap.hpp"
#include "sklite/plot/digit_grid.hpp"
#include "sklite/plot/grid_heatmap.hpp"
#include "sklite/plot/svg.hpp"
#include "sklite/plot/xy_plot.hpp"

#endif  // SKLITE_PLOT_HPP
