using System.Globalization;
using System.Text.Json;
using Patron.DuckDb;
using Patron.Features.Frames;
using Patron.Learning.Data;
using Patron.Learning.Drift;
using Patron.Learning.Linear;
using Patron.Learning.Serialization;
using Patron.Pipeline.Drift;

namespace Patron.Pipeline.Tests.Drift;

public sealed class DriftComparisonTests
{
    private static readonly DateOnly Reference = new(2026, 4, 1);
    private static readonly DateOnly Current = new(2026, 7, 1);

    [Fact]
    public void Compare_ShiftedRevenueAndSavedModel_FlagsRevenueAndScoresOnly()
    {
        using var folder = new TempFolder();
        using var connection = Warehouse(shift: 60.0);
        var models = folder.Folder("models");
        SaveModel(Path.Combine(models, "churn.json"));
        File.WriteAllText(Path.Combine(models, "session_purchase.json"), SessionModelJson());

        var result = DriftComparison.Compare(connection, Reference, Current, models, new DriftOptions());

        var byName = result.Dataset.Features.ToDictionary(f => f.Name);
        Assert.Equal(["country", "net_revenue", "orders"], byName.Keys.Order(StringComparer.Ordinal));
        Assert.True(byName["net_revenue"].Drifted);
        Assert.Equal(DriftMethod.WassersteinNormalized, byName["net_revenue"].Method);
        Assert.False(byName["orders"].Drifted);
        Assert.Equal(DriftMethod.JensenShannon, byName["orders"].Method);
        Assert.False(byName["country"].Drifted);
        var churn = Assert.Single(result.Dataset.Scores);
        Assert.Equal("churn", churn.Name);
        Assert.Equal(3_000, churn.ReferenceRows);
        Assert.True(churn.Drifted, "the model leans on net revenue, which moved");
        Assert.Contains("session_purchase", result.SkippedScores.Keys);
        Assert.Equal(0.5, result.Dataset.DriftedShare);
        Assert.True(result.Dataset.Drifted);
    }

    [Fact]
    public void Compare_SamePopulationTwice_NoDrift()
    {
        using var connection = Warehouse(shift: 0.0);

        var result = DriftComparison.Compare(connection, Reference, Current, null, new DriftOptions());

        Assert.Equal(0, result.Dataset.DriftedColumns);
        Assert.False(result.Dataset.Drifted);
        Assert.Empty(result.Dataset.Scores);
    }

    [Fact]
    public void Compare_CutoffWithoutCustomers_ThrowsNamingTheCutoff()
    {
        using var connection = Warehouse(shift: 0.0);

        var error = Assert.Throws<InvalidOperationException>(() => DriftComparison.Compare(connection, Reference, new DateOnly(2025, 1, 1), null, new DriftOptions()));

        Assert.Contains("2025-01-01", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void JsonAndPage_DriftedResult_HoldTheIssueKeysAndAChartPerDriftedColumn()
    {
        using var folder = new TempFolder();
        using var connection = Warehouse(shift: 60.0);
        var result = DriftComparison.Compare(connection, Reference, Current, null, new DriftOptions());
        var path = folder.File("drift.json");

        DriftJson.WriteFile(result, path);
        var html = DriftPage.Render(result);

        using var json = JsonDocument.Parse(File.ReadAllText(path));
        var root = json.RootElement;
        Assert.True(root.GetProperty("drifted").GetBoolean() == result.Dataset.Drifted);
        Assert.Equal(result.Dataset.DriftedShare, root.GetProperty("drifted_share").GetDouble());
        Assert.Equal(JsonValueKind.Array, root.GetProperty("scores").ValueKind);
        foreach (var feature in root.GetProperty("features").EnumerateArray())
        {
            foreach (var key in new[] { "feature", "kind", "psi", "ks", "wasserstein", "wasserstein_normalized", "jensen_shannon", "method", "drifted" })
            {
                Assert.True(feature.TryGetProperty(key, out _), $"missing {key}");
            }
        }

        Assert.Equal(result.Dataset.DriftedColumns, CountOf(html, "<figure>"));
        Assert.Contains("net_revenue", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Compare_SavedModel_ScoresAsOnTheWholeFrameInCustomerOrder()
    {
        using var folder = new TempFolder();
        using var connection = Warehouse(shift: 60.0);
        var models = folder.Folder("models");
        SaveModel(Path.Combine(models, "churn.json"));
        var model = ModelSerializer.LoadFile(Path.Combine(models, "churn.json"));

        var churn = Assert.Single(DriftComparison.Compare(connection, Reference, Current, models, new DriftOptions()).Dataset.Scores);

        var expected = DriftDetector.Numeric("churn", FrameScores(connection, Reference, model), FrameScores(connection, Current, model), new DriftOptions());
        Assert.Equal(expected.Statistic, churn.Statistic);
        Assert.Equal(expected.Psi, churn.Psi);
        Assert.Equal(expected.ReferenceRows, churn.ReferenceRows);
    }

    [Fact]
    public void Compare_CurrentScoresHandedOver_UsesThemInsteadOfScoringTheCurrentCutoff()
    {
        using var folder = new TempFolder();
        using var connection = Warehouse(shift: 60.0);
        var models = folder.Folder("models");
        SaveModel(Path.Combine(models, "churn.json"));
        var model = ModelSerializer.LoadFile(Path.Combine(models, "churn.json"));
        var scored = DriftComparison.Compare(connection, Reference, Current, models, new DriftOptions());

        // The model's own scores, in another customer order: the same comparison, to the last bit.
        var own = FrameScores(connection, Current, model);
        Array.Reverse(own);
        var handed = DriftComparison.Compare(connection, Reference, Current, models, new DriftOptions(), null,
            new Dictionary<string, double[]> { ["churn"] = own });
        var handedScore = Assert.Single(handed.Dataset.Scores);
        var scoredScore = Assert.Single(scored.Dataset.Scores);
        Assert.Equal(Json(scored), Json(handed));

        // Scores that are not the model's are used as given (a flat score at the current cutoff drifts from the model's).
        var flat = new double[own.Length];
        Array.Fill(flat, 0.5);
        var other = Assert.Single(DriftComparison.Compare(connection, Reference, Current, models, new DriftOptions(), null,
            new Dictionary<string, double[]> { ["churn"] = flat }).Dataset.Scores);
        Assert.NotEqual(scoredScore.Statistic, other.Statistic);
        Assert.Equal(own.Length, other.CurrentRows);

        // An array of another length than the cutoff's customers is ignored: the cutoff is scored.
        var wrong = Assert.Single(DriftComparison.Compare(connection, Reference, Current, models, new DriftOptions(), null,
            new Dictionary<string, double[]> { ["churn"] = flat[..10] }).Dataset.Scores);
        Assert.Equal(scoredScore.Statistic, wrong.Statistic);
        Assert.Equal(handedScore.Psi, wrong.Psi);
    }

    [Fact]
    public void Compare_StreamedAndSlicedAndSortedInPlace_SameResultAsWholeColumnsInMemory()
    {
        using var folder = new TempFolder();
        using var connection = Warehouse(shift: 60.0);
        // A numeric column with NULLs, -0 beside +0 (sorted by comparison) and many distinct values.
        connection.Execute("""
            ALTER TABLE gold.customer_features ADD COLUMN monthly_spend_slope DOUBLE;
            UPDATE gold.customer_features SET monthly_spend_slope = CASE hash(customer_id, cutoff) % 6
                WHEN 0 THEN NULL WHEN 1 THEN '-0'::DOUBLE WHEN 2 THEN 0.0 ELSE (hash(customer_id, cutoff, 's') % 10000) / 7.0 - 700 END;
            ALTER TABLE gold.customer_features ADD COLUMN days_since_last_order BIGINT;
            UPDATE gold.customer_features SET days_since_last_order = CASE WHEN hash(customer_id, 'd') % 9 = 0 THEN NULL ELSE (hash(customer_id, cutoff, 'd') % 365)::BIGINT END;
            """);
        Assert.True(connection.Scalar<long>("SELECT count(*) FROM gold.customer_features WHERE signbit(monthly_spend_slope) AND monthly_spend_slope = 0") > 0);
        var models = folder.Folder("models");
        SaveModel(Path.Combine(models, "churn.json"));
        var options = new DriftOptions();

        var actual = DriftComparison.Compare(connection, Reference, Current, models, options);

        // The comparison as it was: each feature read whole per cutoff, its values that are not NaN sorted by Array.Sort,
        // and the model scoring one matrix of each cutoff in customer order.
        var reference = FeatureColumns.Open(connection, Reference);
        var current = FeatureColumns.Open(connection, Current);
        var features = new List<ColumnDrift>();
        foreach (var feature in reference.Features)
        {
            features.Add(feature.Type == Patron.Features.Registry.FeatureType.Category
                ? DriftDetector.Categorical(feature.Name, reference.Categorical(feature.Name), current.Categorical(feature.Name), options)
                : DriftDetector.NumericSorted(feature.Name, ArraySorted(reference.Numeric(feature.Name)), ArraySorted(current.Numeric(feature.Name)), options));
        }

        var model = ModelSerializer.LoadFile(Path.Combine(models, "churn.json"));
        ColumnDrift[] scores = [DriftDetector.NumericSorted("churn", ArraySorted(FrameScores(connection, Reference, model)), ArraySorted(FrameScores(connection, Current, model)), options)];
        var expected = actual with { Dataset = DatasetDrift.Create(features, scores, options) };
        Assert.Equal(5, actual.Dataset.Features.Count);
        Assert.Equal(Json(expected), Json(actual));
    }

    private static double[] ArraySorted(double[] values)
    {
        var sorted = values.Where(v => !double.IsNaN(v)).ToArray();
        Array.Sort(sorted);
        return sorted;
    }

    private static string Json(DriftResult result)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            DriftJson.Write(writer, result);
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    [Fact]
    public void FeatureColumnsRead_SeveralColumnsAtOnce_SameValuesAsOneColumnAtATime()
    {
        using var connection = Warehouse(shift: 0.0);
        var columns = FeatureColumns.Open(connection, Current);

        var read = columns.Read(["net_revenue", "country", "orders", "country"], byCustomer: true);

        Assert.Equal(["country", "net_revenue", "orders"], read.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(columns.Numeric("net_revenue", byCustomer: true), (double[])read["net_revenue"]);
        Assert.Equal(columns.Numeric("orders", byCustomer: true), (double[])read["orders"]);
        Assert.Equal(columns.Categorical("country", byCustomer: true), (string?[])read["country"]);
        Assert.Empty(columns.Read([]));
        Assert.Throws<KeyNotFoundException>(() => columns.Read(["orders", "not_a_feature"]));
    }

    private static double[] FrameScores(DuckDbConnection connection, DateOnly cutoff, Patron.Learning.IPredictor model)
    {
        var frame = CustomerFrame.Load(connection, cutoff, horizonDays: 1);
        var builder = new FeatureMatrixBuilder(frame.Count);
        foreach (var spec in model.Schema.Features)
        {
            _ = spec.Kind == FeatureKind.Categorical ? builder.AddCategorical(spec.Name, frame.Categorical(spec.Name)) : builder.AddNumeric(spec.Name, frame.Numeric(spec.Name));
        }

        var matrix = builder.Build(model.Schema);
        var scores = new double[matrix.RowCount];
        model.Predict(matrix, scores);
        return scores;
    }

    private static int CountOf(string text, string part)
    {
        var count = 0;
        for (var i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + 1, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    /// <summary>A gold table with three registry features at two cutoffs of 3,000 customers each: orders (few values),
    /// net revenue (moved by <paramref name="shift"/> at the current cutoff) and country.</summary>
    private static DuckDbConnection Warehouse(double shift)
    {
        var connection = DuckDbConnection.OpenInMemory();
        connection.Execute("""
            CREATE SCHEMA gold;
            CREATE TABLE gold.customer_features (customer_id VARCHAR, cutoff DATE, orders INTEGER, net_revenue DOUBLE, country VARCHAR);
            CREATE TABLE gold.customer_labels (customer_id VARCHAR, cutoff DATE, horizon_days INTEGER, churn BOOLEAN, "repeat" BOOLEAN, high_value BOOLEAN, future_spend DOUBLE);
            """);
        foreach (var (cutoff, seed, move) in new[] { (Reference, 1, 0.0), (Current, 2, shift) })
        {
            var date = cutoff.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            var moved = move.ToString("R", CultureInfo.InvariantCulture);
            connection.Execute($"""
                INSERT INTO gold.customer_features
                SELECT 'c' || lpad(i::VARCHAR, 5, '0'), DATE '{date}', 1 + (hash(i, {seed}) % 3)::INTEGER,
                       100 + 300 * ((hash(i, {seed}, 'r') % 1000000) / 1000000.0) + {moved},
                       ['de', 'fr', 'nl'][1 + (hash(i, {seed}, 'c') % 3)::INTEGER]
                FROM range(3000) t(i);
                """);
        }

        return connection;
    }

    private static void SaveModel(string path)
    {
        // A logistic model on orders and net revenue, fitted on a small labelled frame with its own schema.
        const int n = 400;
        var orders = new double[n];
        var revenue = new double[n];
        var country = new string?[n];
        var label = new double[n];
        for (var i = 0; i < n; i++)
        {
            orders[i] = 1 + (i % 3);
            revenue[i] = 100 + (i * 0.75);
            country[i] = (i % 3) switch { 0 => "de", 1 => "fr", _ => "nl" };
            label[i] = revenue[i] > 250 ? 1 : 0;
        }

        label[0] = 1;
        label[n - 1] = 0;
        var x = new FeatureMatrixBuilder(n).AddNumeric("orders", orders).AddNumeric("net_revenue", revenue).AddCategorical("country", country).Build();
        var model = new LogisticRegressionLearner().Fit(x, label, ReadOnlySpan<double>.Empty);
        ModelSerializer.SaveFile(model, path);
    }

    private static string SessionModelJson()
    {
        var x = new FeatureMatrixBuilder(4).AddNumeric("page_views", [1, 2, 3, 4]).Build();
        var model = new LogisticRegressionLearner().Fit(x, [0, 1, 0, 1], ReadOnlySpan<double>.Empty);
        return System.Text.Encoding.UTF8.GetString(ModelSerializer.ToBytes(model));
    }
}
