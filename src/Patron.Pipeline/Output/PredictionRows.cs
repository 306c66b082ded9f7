using System.Text;
using Patron.DuckDb;

namespace Patron.Pipeline.Output;

/// <summary>
/// The predictions table as DuckDB reads it (<see cref="DuckDbRowSource"/>), column for column as
/// <see cref="PredictionsWriter.Header"/> names them, so predictions.parquet is written from the arrays themselves:
/// typed as the tasks define them (probabilities DOUBLE, the high-value flag BOOLEAN, ids and reasons VARCHAR even when
/// they look like numbers), with NaN and empty text as NULL, as predictions.csv leaves them empty.
/// </summary>
internal sealed class PredictionRows : DuckDbRowSource
{
    private const int Batch = 2048;

    private readonly Predictions _p;
    private readonly Func<int, double>?[] _numbers;
    private readonly Func<int, string?>?[] _texts;
    private readonly bool[] _flags;

    public PredictionRows(Predictions p)
        : base(Schema(p))
    {
        _p = p;
        var columns = Columns;
        _numbers = new Func<int, double>?[columns.Count];
        _texts = new Func<int, string?>?[columns.Count];
        _flags = new bool[columns.Count];
        for (var c = 0; c < columns.Count; c++)
        {
            switch (columns[c].Name)
            {
                case "customer_id": _texts[c] = i => p.Ids[i]; break;
                case "segment": _texts[c] = i => p.Segments[i]; break;
                case "recommended_action": _texts[c] = i => p.Actions[i]; break;
                case "churn_probability": _numbers[c] = i => p.Churn![i]; break;
                case "churn_risk_band": _texts[c] = i => Predictions.RiskBand(p.Churn![i]); break;
                case "repeat_probability": _numbers[c] = i => p.Repeat![i]; break;
                case "high_value_probability": _numbers[c] = i => p.HighValue![i]; break;
                case "high_value_flag": _flags[c] = true; break;
                case "predicted_clv": _numbers[c] = i => p.Clv![i]; break;
                case "predicted_clv_lower": _numbers[c] = i => p.ClvLower is null ? double.NaN : p.ClvLower[i]; break;
                case "predicted_clv_upper": _numbers[c] = i => p.ClvUpper is null ? double.NaN : p.ClvUpper[i]; break;
                case "p_alive": _numbers[c] = i => p.PAlive![i]; break;
                case "expected_purchases": _numbers[c] = i => p.ExpectedPurchases is null ? double.NaN : p.ExpectedPurchases[i]; break;
                case "early_high_value_probability": _numbers[c] = i => p.EarlyHighValue![i]; break;
                case "reason_1": _texts[c] = i => Reason(p.Reasons![i], 0); break;
                case "reason_2": _texts[c] = i => Reason(p.Reasons![i], 1); break;
                case "reason_3": _texts[c] = i => Reason(p.Reasons![i], 2); break;
                case "next_products": _texts[c] = i => Predictions.NextProductIds(p.NextProducts![i]); break;
                case "next_product_reason": _texts[c] = i => p.NextProducts![i] is [var first, ..] ? first.Reason : null; break;
                default: throw new InvalidOperationException($"predictions.csv has a column '{columns[c].Name}' that {nameof(PredictionRows)} does not know.");
            }
        }
    }

    public override int Batches => (_p.Count + Batch - 1) / Batch;

    public override long Rows => _p.Count;

    /// <summary>One thread, so the batches, and the Parquet file's rows, come in the order of the arrays.</summary>
    public override int MaxThreads => 1;

    public override int Fill(int batch, DuckDbOutputChunk output)
    {
        var first = batch * Batch;
        var rows = Math.Min(Batch, _p.Count - first);
        Span<byte> utf8 = stackalloc byte[1024];
        for (var c = 0; c < Columns.Count; c++)
        {
            if (_numbers[c] is { } number)
            {
                var values = output.Doubles(c);
                for (var r = 0; r < rows; r++)
                {
                    var v = number(first + r);
                    if (double.IsNaN(v))
                    {
                        output.SetNull(c, r);
                    }
                    else
                    {
                        values[r] = v;
                    }
                }
            }
            else if (_flags[c])
            {
                var values = output.Booleans(c);
                for (var r = 0; r < rows; r++)
                {
                    values[r] = _p.HighValueFlag![first + r] ? (byte)1 : (byte)0;
                }
            }
            else
            {
                var text = _texts[c]!;
                for (var r = 0; r < rows; r++)
                {
                    var value = text(first + r);
                    if (string.IsNullOrEmpty(value))
                    {
                        output.SetNull(c, r);
                    }
                    else if (Encoding.UTF8.GetMaxByteCount(value.Length) <= utf8.Length)
                    {
                        var length = Encoding.UTF8.GetBytes(value, utf8);
                        output.SetString(c, r, utf8[..length]);
                    }
                    else
                    {
                        output.SetString(c, r, Encoding.UTF8.GetBytes(value));
                    }
                }
            }
        }

        return rows;
    }

    private static string? Reason(string[] reasons, int k) => k < reasons.Length ? reasons[k] : null;

    private static DuckDbSourceColumn[] Schema(Predictions p)
    {
        var header = PredictionsWriter.Header(p);
        var columns = new DuckDbSourceColumn[header.Count];
        for (var c = 0; c < header.Count; c++)
        {
            var name = header[c];
            var type = name switch
            {
                "high_value_flag" => DuckDbType.Boolean,
                "churn_probability" or "repeat_probability" or "high_value_probability" or "predicted_clv" or "predicted_clv_lower"
                    or "predicted_clv_upper" or "p_alive" or "expected_purchases" or "early_high_value_probability" => DuckDbType.Double,
                _ => DuckDbType.Varchar,
            };
            columns[c] = new DuckDbSourceColumn(name, type);
        }

        return columns;
    }
}
