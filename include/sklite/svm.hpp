// sklite: support vector machines (module header): SVC, NuSVC, OneClassSVM, SVR and NuSVR, their
// kernels, their solver and LIBSVM model files.
#ifndef SKLITE_SVM_HPP
#define SKLITE_SVM_HPP

#include "sklite/kernels.hpp"
#include "sklite/svm/control.hpp"
#include "sklite/svm/formulations.hpp"
#include "sklite/svm/kernel_cache.hpp"
#include "sklite/svm/kernel_share.hpp"
#include "sklite/svm/kernel_source.hpp"
#include "sklite/svm/model.hpp"
#include "sklite/svm/model_file.hpp"
#include "sklite/svm/nu_svc.hpp"
#include "sklite/svm/nu_svr.hpp"
#include "sklite/svm/one_class_svm.hpp"
#include "sklite/svm/params.hpp"
#include "sklite/svm/q_matrix.hpp"
#include "sklite/svm/smo_solver.hpp"
#include "sklite/svm/svc.hpp"
#include "sklite/svm/svr.hpp"
#include "sklite/svm/train.hpp"

#endif  // SKLITE_SVM_HPP
