using Patron.Learning.Evaluation;
using Patron.Learning.Linear;
using Patron.Learning.Serialization;
using Patron.Learning.Tests.Linear;

namespace Patron.Learning.Tests.Evaluation;

public sealed class CalibratedModelTests
{
    [Fact]
    public void SaveLoad_PlattAndIsotonic_ScoreIdentically()
    {
        var (x, y, _) = LogisticRegressionLearnerTests.LoadLogisticData();
        var cv = CrossValidation.Run(new LogisticRegressionLearner(), x, y, [], new CrossValidationOptions { Folds = 4 });
        var inner = new LogisticRegressionLearner().Fit(x, y, []);
        var scores = cv.OutOfFold.Select(CalibratedModel.Score).ToArray();

        IPredictor[] models =
        [
            new CalibratedModel(inner, PlattCalibrator.Fit(scores, y)),
            new CalibratedModel(inner, IsotonicCalibrator.Fit(cv.OutOfFold, y)),
        ];
        foreach (var model in models)
        {
            var loaded = ModelSerializer.FromBytes(ModelSerializer.ToBytes(model));
            var a = new double[x.RowCount];
            var b = new double[x.RowCount];
            model.Predict(x, a);
            loaded.Predict(x, b);
            Assert.Equal(a, b);
            Assert.IsType<CalibratedModel>(loaded);
            Assert.All(a, p => Assert.InRange(p, 0.0, 1.0));
        }
    }

    [Fact]
    public void Isotonic_OnOutOfFold_DoesNotWorsenBrierOnSameRows()
    {
        var (x, y, _) = LogisticRegressionLearnerTests.LoadLogisticData();
        var cv = CrossValidation.Run(new LogisticRegressionLearner(), x, y, [], new CrossValidationOptions { Folds = 4 });
        var iso = IsotonicCalibrator.Fit(cv.OutOfFold, y);
        var calibrated = new double[y.Length];
        iso.Apply(cv.OutOfFold, calibrated);
        Assert.True(BinaryMetrics.Brier(y, calibrated) <= BinaryMetrics.Brier(y, cv.OutOfFold));
    }
}
