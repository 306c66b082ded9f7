using Patron.DuckDb;
using Patron.Features.Rules;
using Patron.Pipeline.Output;

namespace Patron.Pipeline.Tests.Output;

public sealed class PredictionsWriterTests
{
    [Fact]
    public void Write_ParquetHoldsTheArraysTypedWithNullsAndTextIds()
    {
        var folder = Path.Combine(Path.GetTempPath(), "patron-predictions-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            const int N = 5000;
            var ids = new string[N];
            var churn = new double[N];
            var clv = new double[N];
            var flags = new bool[N];
            var reasons = new string[N][];
            for (var i = 0; i < N; i++)
            {
                // Ids that look like numbers keep their leading zeros: they are text.
                ids[i] = i.ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
                churn[i] = i % 10 == 0 ? double.NaN : i / (double)N;
                clv[i] = i * 1.25;
                flags[i] = i % 3 == 0;
                reasons[i] = i % 4 == 0 ? ["", "", ""] : [$"few orders, {i}", "long, \"quoted\" gap", "no reviews"];
            }

            var predictions = new Predictions
            {
                Ids = ids,
                Segments = Enumerable.Repeat("Champions", N).ToArray(),
                Actions = Enumerable.Repeat("Reward them", N).ToArray(),
                Monetary = clv,
                Churn = churn,
                HighValue = clv,
                HighValueFlag = flags,
                Clv = clv,
                Reasons = reasons,
            };
            PredictionsWriter.Write(predictions, folder);

            using var connection = DuckDbConnection.OpenInMemory();
            var parquet = Path.Combine(folder, "predictions.parquet").Replace("'", "''", StringComparison.Ordinal);
            var types = connection.Query($"SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM '{parquet}')");
            var typeOf = new Dictionary<string, string>();
            for (var i = 0; i < types.RowCount; i++)
            {
                typeOf[types["column_name"].GetString(i)] = types["column_type"].GetString(i);
            }

            Assert.Equal("VARCHAR", typeOf["customer_id"]);
            Assert.Equal("DOUBLE", typeOf["churn_probability"]);
            Assert.Equal("BOOLEAN", typeOf["high_value_flag"]);
            Assert.Equal("DOUBLE", typeOf["predicted_clv_lower"]);
            Assert.Equal("VARCHAR", typeOf["reason_1"]);
            var rows = connection.Query($"""
                SELECT count(*) AS n,
                       count(*) FILTER (WHERE churn_probability IS NULL) AS nan,
                       count(*) FILTER (WHERE reason_2 IS NULL) AS no_reason,
                       count(*) FILTER (WHERE high_value_flag) AS flagged,
                       max(customer_id) AS last_id,
                       count(*) FILTER (WHERE predicted_clv_lower IS NULL) AS no_lower,
                       bool_and(churn_risk_band IS NULL = (churn_probability IS NULL)) AS bands
                FROM '{parquet}'
                """);
            Assert.Equal(N, rows["n"].GetInt64(0));
            Assert.Equal(N / 10, rows["nan"].GetInt64(0));
            Assert.Equal(N / 4, rows["no_reason"].GetInt64(0));
            Assert.Equal((N + 2) / 3, rows["flagged"].GetInt64(0));
            Assert.Equal("004999", rows["last_id"].GetString(0));
            Assert.Equal(N, rows["no_lower"].GetInt64(0));
            // Rows keep the arrays' order, and the text survives quoting.
            var first = connection.Query($"SELECT customer_id, reason_2 FROM '{parquet}' LIMIT 2");
            Assert.Equal("000000", first["customer_id"].GetString(0));
            Assert.Equal("long, \"quoted\" gap", first["reason_2"].GetString(1));
        }
        finally
        {
            Directory.Delete(folder, true);
        }
    }

    [Fact]
    public void Write_EveryColumn_CsvAsLineByLineAndProfilesRecordItsLength()
    {
        var folder = Path.Combine(Path.GetTempPath(), "patron-predictions-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            // More rows than one group of blocks, every optional column, NaN cells, quoting and texts outside ASCII.
            const int N = 21_000;
            double[] Numbers(int salt) => Enumerable.Range(0, N).Select(i => (i + salt) % 11 == 0 ? double.NaN : (i * 0.37) + salt / 7.0).ToArray();
            var products = new ProductSuggestion[][] { [], [new("P1", "Tea, green", 0.5, "rules", "bought with \"cups\"")], [new("P2", "Crème", 0.2, "popular", "popular"), new("P3", "Cup", 0.1, "popular", "")] };
            var predictions = new Predictions
            {
                Ids = Enumerable.Range(0, N).Select(i => i % 13 == 0 ? $"id,{i}" : $"C{i:D6}").ToArray(),
                Segments = Enumerable.Range(0, N).Select(i => i % 3 == 0 ? "" : "Champions").ToArray(),
                Actions = Enumerable.Range(0, N).Select(i => i % 4 == 0 ? "Win back now: a \"personal\" message" : "Reward them").ToArray(),
                Monetary = Numbers(1),
                Churn = Numbers(2),
                Repeat = Numbers(3),
                HighValue = Numbers(4),
                HighValueFlag = Enumerable.Range(0, N).Select(i => i % 5 == 0).ToArray(),
                Clv = Numbers(5),
                ClvLower = Numbers(6),
                ClvUpper = null,
                PAlive = Numbers(7),
                ExpectedPurchases = Numbers(8),
                EarlyHighValue = Numbers(9),
                Reasons = Enumerable.Range(0, N).Select(i => i % 6 == 0 ? new[] { "", "", "" } : new[] { $"no order for {i} days (raises the churn risk)", "spend, \"high\"", "ünïcode \U0001F600" }).ToArray(),
                NextProducts = Enumerable.Range(0, N).Select(i => products[i % 3]).ToArray(),
            };

            PredictionsWriter.Write(predictions, folder);

            var csv = Path.Combine(folder, "predictions.csv");
            Assert.Equal(LineByLine(predictions), File.ReadAllBytes(csv));
            Assert.Equal(new FileInfo(csv).Length, ProfileSnapshot.Read(Path.Combine(folder, ProfileSnapshot.FileName)).PredictionsLength);
            Assert.True(File.Exists(Path.Combine(folder, "predictions.parquet")));
        }
        finally
        {
            Directory.Delete(folder, true);
        }
    }

    // predictions.csv as the writer wrote it one line after another before its rows were formatted in blocks.
    private static byte[] LineByLine(Predictions p)
    {
        using var stream = new MemoryStream();
        using (var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(false), leaveOpen: true) { NewLine = "\n" })
        {
            writer.WriteLine(string.Join(',', PredictionsWriter.Header(p)));
            for (var i = 0; i < p.Count; i++)
            {
                var line = new List<string> { CsvText.Quote(p.Ids[i]), CsvText.Quote(p.Segments[i]), CsvText.Quote(p.Actions[i]) };
                line.AddRange([JsonNumbers.Cell(p.Churn![i]), Predictions.RiskBand(p.Churn[i]), JsonNumbers.Cell(p.Repeat![i])]);
                line.AddRange([JsonNumbers.Cell(p.HighValue![i]), p.HighValueFlag![i] ? "true" : "false"]);
                line.AddRange([JsonNumbers.Cell(p.Clv![i]), p.ClvLower is null ? "" : JsonNumbers.Cell(p.ClvLower[i]), p.ClvUpper is null ? "" : JsonNumbers.Cell(p.ClvUpper[i])]);
                line.AddRange([JsonNumbers.Cell(p.PAlive![i]), p.ExpectedPurchases is null ? "" : JsonNumbers.Cell(p.ExpectedPurchases[i])]);
                line.Add(JsonNumbers.Cell(p.EarlyHighValue![i]));
                line.AddRange(p.Reasons![i].Select(CsvText.Quote));
                var next = p.NextProducts![i];
                line.AddRange([CsvText.Quote(Predictions.NextProductIds(next)), CsvText.Quote(next.Length > 0 ? next[0].Reason : "")]);
                writer.WriteLine(string.Join(',', line));
            }
        }

        return stream.ToArray();
    }

    [Fact]
    public void Quantiles_SeveralFromOneSort_LinearBetweenTheSortedValuesWithoutNaN()
    {
        double[] values = [double.NaN, 3, 1, 2, 4, double.NaN];

        var cuts = Predictions.Quantiles(values, [0, 0.5, 0.99, 1.0, 2.0]);

        // Sorted 1, 2, 3, 4: position q × 3 between neighbours (numpy's default 'linear').
        double[] expected = [1, 2.5, 3.97, 4, 4];
        Assert.Equal(expected.Length, cuts.Length);
        for (var k = 0; k < expected.Length; k++)
        {
            Assert.Equal(expected[k], cuts[k], 12);
        }

        Assert.Equal(2.5, Predictions.Quantile(values, 0.5));
        Assert.All(Predictions.Quantiles([double.NaN], [0.5, 1.0]), v => Assert.True(double.IsNaN(v)));
    }
}
