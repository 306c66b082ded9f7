using Patron.Learning.Data;
using Patron.Learning.Linear;
using Patron.Learning.Serialization;
using Patron.Learning.Tests.Linear;

namespace Patron.Learning.Tests.Serialization;

public sealed class ModelSerializerTests
{
    [Fact]
    public void SaveLoad_LogisticWithMissingAndCategories_ScoresIdentically()
    {
        var n = 300;
        var rng = new Random(5);
        var a = new double[n];
        var c = new string?[n];
        var y = new double[n];
        for (var i = 0; i < n; i++)
        {
            a[i] = i % 11 == 0 ? double.NaN : rng.NextDouble() * 10;
            c[i] = (i % 3) switch { 0 => "web", 1 => "store", _ => null };
            y[i] = rng.NextDouble() < (double.IsNaN(a[i]) ? 0.5 : a[i] / 10) ? 1 : 0;
        }

        var x = new FeatureMatrixBuilder(n).AddNumeric("a", a).AddCategorical("c", c).Build();
        var model = new LogisticRegressionLearner(new LogisticRegressionOptions { L1Ratio = 0.5 }).Fit(x, y, []);
        var bytes = ModelSerializer.ToBytes(model);
        var loaded = ModelSerializer.FromBytes(bytes);

        var p1 = new double[n];
        var p2 = new double[n];
        model.Predict(x, p1);
        loaded.Predict(x, p2);
        Assert.Equal(p1, p2);
        Assert.Equal(bytes, ModelSerializer.ToBytes(loaded));
        Assert.Equal(model.Schema, loaded.Schema);
    }

    [Fact]
    public void Predict_OtherSchema_RefusedWithClearMessage()
    {
        var (x, y, _) = LogisticRegressionLearnerTests.LoadLogisticData();
        var model = ModelSerializer.FromBytes(ModelSerializer.ToBytes(new LogisticRegressionLearner().Fit(x, y, [])));
        var other = new FeatureMatrixBuilder(2).AddNumeric("x0", [1.0, 2]).AddNumeric("x9", [1.0, 2]).Build();
        var e = Assert.Throws<SchemaMismatchException>(() => model.Predict(other, new double[2]));
        Assert.Contains("'x1'", e.Message, StringComparison.Ordinal);
        Assert.Contains("'x9'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_WrongVersionOrFormat_Throws()
    {
        Assert.Throws<InvalidDataException>(() => ModelSerializer.FromBytes("{\"format\":\"other\"}"u8.ToArray()));
        Assert.Throws<InvalidDataException>(() => ModelSerializer.FromBytes("{\"format\":\"patron-model\",\"version\":99}"u8.ToArray()));
        Assert.Throws<InvalidDataException>(() => ModelSerializer.FromBytes("not json"u8.ToArray()));
    }

    [Fact]
    public void WriteNumber_AwkwardDoubles_RoundTripExactly()
    {
        var schema = new FeatureSchema([new FeatureSpec("v", FeatureKind.Numeric)]);
        double[] awkward = [0.1, 1.0 / 3, double.Epsilon, 1e308, -2.5e-300, 123456789.123456789];
        foreach (var value in awkward)
        {
            var model = new LogisticRegressionModel(schema, [new LinearTerm(0, LinearTermKind.Value, -1, 0, 0, value)], value);
            var loaded = (LogisticRegressionModel)ModelSerializer.FromBytes(ModelSerializer.ToBytes(model));
            Assert.Equal(BitConverter.DoubleToInt64Bits(value), BitConverter.DoubleToInt64Bits(loaded.Intercept));
        }
    }
}
