using System.Buffers;
using System.Text;
using System.Text.Json;
using Patron.Learning;
using Patron.Learning.Data;
using Patron.Pipeline.Explain;
using Patron.Server.Contracts;
using Patron.Server.Scoring;
using Patron.Server.Store;
using Patron.Server.Tests.Support;

namespace Patron.Server.Tests.Endpoints;

/// <summary>Session scoring reads a plain body in one pass into columns, explains with cached sentences and writes the
/// answer with a Utf8JsonWriter; these tests pin its answers to the bytes of the checked path (a document read by
/// RowReader, the run's SessionReasons, the serializer) for every row of the Online Shoppers sample and for generated
/// web sessions of the demo run's gradient-boosted model.</summary>
public sealed class SessionScoringTests
{
    [Fact]
    public void ShopperRows_OnePassAnswer_HasTheBytesOfTheCheckedAnswer()
    {
        var snapshot = RunLoader.Load(TestData.File("runs", "shoppers-300"));
        var export = CsvTable.ReadFile(Path.Combine(TestData.ShoppersSamples, "online_shoppers_intention.csv"));
        var random = new Random(7);
        var rows = new List<Dictionary<string, object?>>();
        for (var i = 0; i < export.RowCount; i++)
        {
            var row = ScoreEndpointsTests.ExportRow(export, i);
            switch (i % 7)
            {
                case 1:
                    row["PageValues"] = null;
                    row["Month"] = null;
                    break;
                case 2:
                    row["Weekend"] = i % 2 == 0 ? "TRUE" : "false";
                    row["Browser"] = "2";
                    row.Remove("Revenue");
                    break;
                case 3:
                    row["Weekend"] = 1;
                    row["VisitorType"] = "Returning_Visitor\u00e9";
                    row["ProductRelated_Duration"] = random.NextDouble() * 1e4;
                    break;
                case 4:
                    row = row.Reverse().ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
                    break;
                default:
                    break;
            }

            rows.Add(row);
        }

        AssertSameAnswer(snapshot, JsonSerializer.SerializeToUtf8Bytes(new { sessions = rows }));
        AssertSameAnswer(snapshot, JsonSerializer.SerializeToUtf8Bytes(new { sessions = rows.Take(1) }));
    }

    [Fact]
    public void WebFeatureRows_OnePassAnswer_HasTheBytesOfTheCheckedAnswer()
    {
        var snapshot = RunLoader.Load(ServedRun.DemoRun);
        var model = snapshot.SessionScorer!.Model;
        Assert.IsAssignableFrom<IExplainable>(model);
        var random = new Random(11);
        var rows = new List<Dictionary<string, object?>>();
        for (var i = 0; i < 500; i++)
        {
            var row = new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (var spec in model.Schema.Features)
            {
                row[spec.Name] = random.Next(10) == 0 ? null : spec.Kind switch
                {
                    FeatureKind.Categorical => spec.Levels![random.Next(spec.LevelCount)],
                    FeatureKind.Boolean => random.Next(2) == 1,
                    _ => Math.Round(random.NextDouble() * 50, random.Next(4)),
                };
            }

            rows.Add(row);
        }

        AssertSameAnswer(snapshot, JsonSerializer.SerializeToUtf8Bytes(new { sessions = rows }));
    }

    [Theory]
    [InlineData("{\"sessions\": [{\"PageValues\": 1}]}")]
    [InlineData("{\"sessions\": [], \"other\": 1}")]
    [InlineData("{\"sessions\": []}")]
    [InlineData("{\"sessions\": [1]}")]
    [InlineData("[]")]
    [InlineData("{\"sessions\": [{}]} trailing")]
    public void PlainReader_BodiesItDoesNotTake_AreLeftToTheCheckedPath(string body)
    {
        var snapshot = RunLoader.Load(TestData.File("runs", "shoppers-300"));
        Assert.Null(snapshot.SessionScorer!.TryReadBody(Encoding.UTF8.GetBytes(body)));
    }

    private static void AssertSameAnswer(RunSnapshot snapshot, byte[] body)
    {
        var scorer = snapshot.SessionScorer!;
        var fast = scorer.TryReadBody(body);
        Assert.NotNull(fast);
        var output = new ArrayBufferWriter<byte>();
        SessionScoresResult.Write(output, scorer.Score(fast), "v1");

        using var document = JsonDocument.Parse(body);
        var errors = new List<string>();
        var rows = scorer.Read(document.RootElement.GetProperty("sessions"), errors);
        Assert.True(rows is not null, string.Join("; ", errors));
        var expected = JsonSerializer.SerializeToUtf8Bytes(new SessionScoresResponse(CheckedScores(scorer, rows), "v1"), Options());
        Assert.Equal(Encoding.UTF8.GetString(expected), Encoding.UTF8.GetString(output.WrittenSpan));
    }

    /// <summary>The scores as the checked path made them: the matrix, the model, SessionReasons and empty reasons
    /// left out.</summary>
    private static SessionScore[] CheckedScores(SessionScorer scorer, RequestRows rows)
    {
        var x = MatrixFactory.Build(scorer.Model.Schema, rows);
        var probabilities = new double[rows.Count];
        scorer.Model.Predict(x, probabilities);
        var reasons = SessionReasons.Compute((IExplainable)scorer.Model, x, probabilities, scorer.BaseRate);
        var result = new SessionScore[rows.Count];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = new SessionScore(double.IsNaN(probabilities[i]) ? null : probabilities[i], CustomerScorer.NonEmpty(reasons[i]));
        }

        Assert.Contains(result, r => r.Reasons.Count == SessionReasons.Count);
        return result;
    }

    private static JsonSerializerOptions Options()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        PatronServer.Json(options);
        return options;
    }
}
