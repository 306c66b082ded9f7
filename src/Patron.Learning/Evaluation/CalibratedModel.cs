using System.Text.Json;
using Patron.Learning.Data;
using Patron.Learning.Serialization;

namespace Patron.Learning.Evaluation;

/// <summary>A binary model whose probabilities pass through a calibrator fitted on held-out (out-of-fold) scores:
/// Platt scaling on the logit of the model's probability, or isotonic regression on the probability itself.</summary>
/// <remarks>Immutable and thread-safe. <see cref="PredictRaw"/> and <c>Contributions</c> are those of the
/// uncalibrated model (calibration is monotone, so rankings and drivers are unchanged).</remarks>
public sealed class CalibratedModel : IPredictor, IExplainable, ISerializableModel
{
    private const double Clip = 1e-15;

    /// <summary>Wraps <paramref name="inner"/> with a Platt calibrator (fitted on <see cref="Score"/> of held-out rows).</summary>
    public CalibratedModel(IPredictor inner, PlattCalibrator platt)
        : this(inner, platt, null)
    {
    }

    /// <summary>Wraps <paramref name="inner"/> with an isotonic calibrator (fitted on held-out probabilities).</summary>
    public CalibratedModel(IPredictor inner, IsotonicCalibrator isotonic)
        : this(inner, null, isotonic)
    {
    }

    private CalibratedModel(IPredictor inner, PlattCalibrator? platt, IsotonicCalibrator? isotonic)
    {
        ArgumentNullException.ThrowIfNull(inner);
        if (inner.Task != TaskKind.Binary)
        {
            throw new ArgumentException("Only binary models can be calibrated.", nameof(inner));
        }

        if (inner is not ISerializableModel)
        {
            throw new ArgumentException($"Model type {inner.GetType().Name} cannot be saved, so it cannot be wrapped.", nameof(inner));
        }

        Inner = inner;
        Platt = platt;
        Isotonic = isotonic;
    }

    /// <summary>The uncalibrated model.</summary>
    public IPredictor Inner { get; }

    /// <summary>The Platt calibrator, or null.</summary>
    public PlattCalibrator? Platt { get; }

    /// <summary>The isotonic calibrator, or null.</summary>
    public IsotonicCalibrator? Isotonic { get; }

    public FeatureSchema Schema => Inner.Schema;

    public TaskKind Task => TaskKind.Binary;

    public string ModelKind => "calibrated";

    /// <summary>The score Platt scaling is fitted on: logit of the probability clipped to [1e-15, 1 − 1e-15], defined
    /// for every binary model (forests average probabilities, which may be 0 or 1).</summary>
    public static double Score(double probability)
    {
        var p = Math.Clamp(probability, Clip, 1 - Clip);
        return Math.Log(p / (1 - p));
    }

    public void PredictRaw(FeatureMatrix x, Span<double> output) => Inner.PredictRaw(x, output);

    public void Predict(FeatureMatrix x, Span<double> output)
    {
        ArgumentNullException.ThrowIfNull(x);
        Inner.Predict(x, output);
        for (var i = 0; i < x.RowCount; i++)
        {
            output[i] = Platt is not null ? Platt.Apply(Score(output[i])) : Isotonic!.Apply(output[i]);
        }
    }

    public void Contributions(FeatureMatrix x, int row, Span<double> phi)
    {
        if (Inner is not IExplainable explainable)
        {
            throw new NotSupportedException($"The wrapped {Inner.GetType().Name} cannot explain its scores.");
        }

        explainable.Contributions(x, row, phi);
    }

    public void Contributions(FeatureMatrix x, int start, int count, Span<double> phi, int maxDegreeOfParallelism = -1)
    {
        if (Inner is not IExplainable explainable)
        {
            throw new NotSupportedException($"The wrapped {Inner.GetType().Name} cannot explain its scores.");
        }

        explainable.Contributions(x, start, count, phi, maxDegreeOfParallelism);
    }

    public void WriteModel(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var inner = (ISerializableModel)Inner;
        writer.WriteStartObject();
        if (Platt is not null)
        {
            writer.WriteString("method", "platt");
            ModelJson.WriteNumber(writer, "a", Platt.A);
            ModelJson.WriteNumber(writer, "b", Platt.B);
        }
        else
        {
            writer.WriteString("method", "isotonic");
            var thresholds = new double[Isotonic!.Thresholds.Count];
            var values = new double[thresholds.Length];
            for (var i = 0; i < thresholds.Length; i++)
            {
                thresholds[i] = Isotonic.Thresholds[i];
                values[i] = Isotonic.Values[i];
            }

            ModelJson.WriteArray(writer, "thresholds", thresholds);
            ModelJson.WriteArray(writer, "values", values);
        }

        writer.WriteString("inner_kind", inner.ModelKind);
        writer.WritePropertyName("inner");
        inner.WriteModel(writer);
        writer.WriteEndObject();
    }

    /// <summary>Reads the body written by <see cref="WriteModel"/>; the inner model is read by its own kind.</summary>
    public static CalibratedModel ReadModel(JsonElement model, FeatureSchema schema, Func<string?, JsonElement, FeatureSchema, IPredictor> readInner)
    {
        ArgumentNullException.ThrowIfNull(readInner);
        var inner = readInner(ModelJson.Required(model, "inner_kind").GetString(), ModelJson.Required(model, "inner"), schema);
        return ModelJson.Required(model, "method").GetString() switch
        {
            "platt" => new CalibratedModel(inner, new PlattCalibrator(ModelJson.ReadDouble(ModelJson.Required(model, "a")), ModelJson.ReadDouble(ModelJson.Required(model, "b")))),
            "isotonic" => new CalibratedModel(inner, IsotonicCalibrator.FromPoints(
                ModelJson.ReadDoubleArray(ModelJson.Required(model, "thresholds")),
                ModelJson.ReadDoubleArray(ModelJson.Required(model, "values")))),
            var other => throw new InvalidDataException($"Calibrated model: unknown method '{other}'."),
        };
    }
}
