using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Patron.Server.Store;

/// <summary>
/// Writes a customer's profile as UTF-8 JSON straight from the columns of a snapshot: the same bytes the serializer
/// gives for <see cref="ProfileBuilder.Build"/>'s record under the server's JSON options (snake_case names, nulls left
/// out, features by registry name, the relaxed encoder), without a record, a dictionary or a boxed feature value.
/// </summary>
/// <remarks>Thread-safe: each thread reuses its own buffer and writer, so a profile costs one copy, into the answer's
/// byte array (rented from a pool for <c>GET /api/customers/{id}</c>). <c>GET /api/customers/{id}</c> and the Redis
/// publisher write profiles here; a test pins the bytes equal to the serializer's for every customer of the demo
/// run.</remarks>
internal static class ProfileJson
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = true,
    };

    private static readonly JsonEncodedText CustomerId = Name("customer_id");
    private static readonly JsonEncodedText Segment = Name("segment");
    private static readonly JsonEncodedText RecommendedAction = Name("recommended_action");
    private static readonly JsonEncodedText ChurnProbability = Name("churn_probability");
    private static readonly JsonEncodedText ChurnRiskBand = Name("churn_risk_band");
    private static readonly JsonEncodedText RepeatProbability = Name("repeat_probability");
    private static readonly JsonEncodedText HighValueProbability = Name("high_value_probability");
    private static readonly JsonEncodedText HighValueFlag = Name("high_value_flag");
    private static readonly JsonEncodedText PredictedClv = Name("predicted_clv");
    private static readonly JsonEncodedText PredictedClvLower = Name("predicted_clv_lower");
    private static readonly JsonEncodedText PredictedClvUpper = Name("predicted_clv_upper");
    private static readonly JsonEncodedText PAlive = Name("p_alive");
    private static readonly JsonEncodedText ExpectedPurchases = Name("expected_purchases");
    private static readonly JsonEncodedText EarlyHighValueProbability = Name("early_high_value_probability");
    private static readonly JsonEncodedText Reasons = Name("reasons");
    private static readonly JsonEncodedText NextProducts = Name("next_products");
    private static readonly JsonEncodedText ProductId = Name("product_id");
    private static readonly JsonEncodedText ProductName = Name("name");
    private static readonly JsonEncodedText Score = Name("score");
    private static readonly JsonEncodedText Source = Name("source");
    private static readonly JsonEncodedText Reason = Name("reason");
    private static readonly JsonEncodedText Features = Name("features");
    private static readonly JsonEncodedText AsOf = Name("as_of");
    private static readonly JsonEncodedText ModelVersions = Name("model_versions");

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    /// <summary>The profile of <paramref name="row"/>, features included, as UTF-8 JSON.</summary>
    public static byte[] Write(RunSnapshot snapshot, int row)
    {
        var json = WriteToThreadBuffer(snapshot, row).WrittenSpan.ToArray();
        LetGoOfHugeBuffer();
        return json;
    }

    /// <summary>The profile of <paramref name="row"/> as UTF-8 JSON in an array rented from <paramref name="pool"/>, for
    /// one answer: the caller returns it (<see cref="PooledBytes.Return"/>) after writing it.</summary>
    public static PooledBytes WriteRented(RunSnapshot snapshot, int row, ArrayPool<byte> pool)
    {
        var json = PooledBytes.Copy(WriteToThreadBuffer(snapshot, row).WrittenSpan, pool);
        LetGoOfHugeBuffer();
        return json;
    }

    // The caller copies the bytes out before this thread writes another profile.
    private static ArrayBufferWriter<byte> WriteToThreadBuffer(RunSnapshot snapshot, int row)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(4096);
        buffer.ResetWrittenCount();
        var writer = t_writer;
        if (writer is null)
        {
            writer = t_writer = new Utf8JsonWriter(buffer, WriterOptions);
        }
        else
        {
            writer.Reset(buffer);
        }

        Write(writer, snapshot, row);
        writer.Flush();
        return buffer;
    }

    // A rare huge profile should not pin its buffer to the thread for good.
    private static void LetGoOfHugeBuffer()
    {
        if (t_buffer is { Capacity: > 1 << 20 })
        {
            t_buffer = null;
            t_writer = null;
        }
    }

    /// <summary>Writes the profile of <paramref name="row"/> (features included) as one JSON object.</summary>
    public static void Write(Utf8JsonWriter writer, RunSnapshot snapshot, int row)
    {
        var c = snapshot.Customers;
        writer.WriteStartObject();
        c.Ids.WriteId(writer, CustomerId, row);
        Text(writer, Segment, c.Segments[row]);
        Text(writer, RecommendedAction, c.Actions[row]);
        Number(writer, ChurnProbability, c.Churn, row);
        if (c.Churn is { } churn && !double.IsNaN(churn[row]))
        {
            writer.WriteString(ChurnRiskBand, Patron.Pipeline.Output.Predictions.RiskBand(churn[row]));
        }

        Number(writer, RepeatProbability, c.Repeat, row);
        Number(writer, HighValueProbability, c.HighValue, row);
        if (c.HighValueFlag is { } flag && flag[row] >= 0)
        {
            writer.WriteBoolean(HighValueFlag, flag[row] == 1);
        }

        Number(writer, PredictedClv, c.Clv, row);
        Number(writer, PredictedClvLower, c.ClvLower, row);
        Number(writer, PredictedClvUpper, c.ClvUpper, row);
        Number(writer, PAlive, c.PAlive, row);
        Number(writer, ExpectedPurchases, c.ExpectedPurchases, row);
        Number(writer, EarlyHighValueProbability, c.EarlyHighValue, row);
        writer.WriteStartArray(Reasons);
        foreach (var column in c.Reasons)
        {
            if (column[row] is { } text)
            {
                writer.WriteStringValue(text);
            }
        }

        writer.WriteEndArray();
        if (c.NextProducts.Count > 0)
        {
            writer.WriteStartArray(NextProducts);
            foreach (var rank in c.NextProducts)
            {
                if (rank.ProductIds[row] is not { } product)
                {
                    continue;
                }

                writer.WriteStartObject();
                writer.WriteString(ProductId, product);
                Text(writer, ProductName, rank.Names[row]);
                writer.WritePropertyName(Score);
                Value(writer, rank.Scores[row]);
                writer.WriteString(Source, rank.Sources[row] ?? "");
                writer.WriteString(Reason, rank.Reasons[row] ?? "");
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        writer.WriteStartObject(Features);
        var names = c.EncodedFeatureNames;
        var features = c.Features;
        for (var f = 0; f < features.Count; f++)
        {
            var feature = features[f];
            writer.WritePropertyName(names[f]);
            if (feature.Numbers is { } numbers)
            {
                var value = numbers[row];
                if (double.IsNaN(value))
                {
                    writer.WriteNullValue();
                }
                else
                {
                    writer.WriteNumberValue(value);
                }
            }
            else if (feature.Texts![row] is { } text)
            {
                writer.WriteStringValue(text);
            }
            else
            {
                writer.WriteNullValue();
            }
        }

        writer.WriteEndObject();
        Text(writer, AsOf, snapshot.AsOf);
        writer.WriteStartObject(ModelVersions);
        foreach (var (task, version) in snapshot.ModelVersions)
        {
            writer.WriteString(task, version);
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static JsonEncodedText Name(string name) => JsonEncodedText.Encode(name, JavaScriptEncoder.UnsafeRelaxedJsonEscaping);

    private static void Text(Utf8JsonWriter writer, JsonEncodedText name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }

    private static void Number(Utf8JsonWriter writer, JsonEncodedText name, NumberColumn? column, int row)
    {
        if (column is not null && !double.IsNaN(column[row]))
        {
            writer.WriteNumber(name, column[row]);
        }
    }

    /// <summary>A number as the serializer writes it with named floating-point literals allowed.</summary>
    private static void Value(Utf8JsonWriter writer, double value)
    {
        if (double.IsFinite(value))
        {
            writer.WriteNumberValue(value);
        }
        else
        {
            writer.WriteStringValue(double.IsNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity");
        }
    }
}
