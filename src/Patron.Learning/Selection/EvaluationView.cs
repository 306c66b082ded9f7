using Patron.Learning.Data;

namespace Patron.Learning.Selection;

/// <summary>One set of feature matrices of a selection (for example the features alone, or with extra model
/// outputs): the rows of each step in the order of the problem's labels. Every matrix shares one schema.</summary>
/// <param name="OutOfTimeFit">Rows the out-of-time fit learns from (the earlier period), or null without an out-of-time split.</param>
/// <param name="OutOfTimeTest">Rows the out-of-time fit is measured on (the later period), or null.</param>
/// <param name="CrossValidation">Rows split into the cross-validation folds, or null without cross-validation.</param>
/// <param name="Refit">Rows the chosen learner is refitted on.</param>
/// <param name="Score">Rows the refitted model scores, or null when nothing is scored.</param>
public sealed record EvaluationView(
    FeatureMatrix? OutOfTimeFit,
    FeatureMatrix? OutOfTimeTest,
    FeatureMatrix? CrossValidation,
    FeatureMatrix Refit,
    FeatureMatrix? Score);
