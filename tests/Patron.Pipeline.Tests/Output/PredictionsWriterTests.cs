using Patron.DuckDb;
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
}
