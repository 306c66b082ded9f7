using System.Collections.ObjectModel;
using Patron.Learning.Data;
using Patron.Learning.Serialization;

namespace Patron.Learning.Linear;

/// <summary>A trained logistic regression: log-odds = intercept + Σ coefficient·term value, with imputation, one-hot
/// levels and missing indicators stored inside the model.</summary>
/// <remarks>Immutable and thread-safe. Contributions are exact: term t contributes coefficient·(value − training mean),
/// summed per source feature; the bias is the log-odds at the training means.</remarks>
public sealed partial class LogisticRegressionModel : IPredictor, IExplainable, ISerializableModel
{
    private readonly LinearTerm[] _terms;

    internal LogisticRegressionModel(FeatureSchema schema, LinearTerm[] terms, double intercept)
    {
        Schema = schema;
        _terms = terms;
        Terms = new ReadOnlyCollection<LinearTerm>(terms);
        Intercept = intercept;
        var bias = intercept;
        foreach (var t in terms)
        {
            bias += t.Coefficient * t.Mean;
        }

        ExpectedRaw = bias;
    }

    /// <inheritdoc/>
    public FeatureSchema Schema { get; }

    /// <inheritdoc/>
    public TaskKind Task => TaskKind.Binary;

    /// <summary>The design columns with their coefficients, in original units.</summary>
    public IReadOnlyList<LinearTerm> Terms { get; }

    /// <summary>The intercept in original units.</summary>
    public double Intercept { get; }

    /// <summary>The log-odds at the training means of the design columns (the bias slot of the contributions).</summary>
    public double ExpectedRaw { get; }

    /// <inheritdoc/>
    public string ModelKind => "logistic";

    /// <inheritdoc/>
    public void PredictRaw(FeatureMatrix x, Span<double> output)
    {
        ArgumentNullException.ThrowIfNull(x);
        Schema.EnsureCompatible(x.Schema);
        CheckOutput(x, output.Length);
        output[..x.RowCount].Fill(Intercept);
        foreach (var term in _terms)
        {
            var c = term.Coefficient;
            if (c == 0)
            {
                continue;
            }

            var column = x.Column(term.Feature);
            switch (term.Kind)
            {
                case LinearTermKind.Value:
                    var fill = term.Fill;
                    for (var i = 0; i < column.Length; i++)
                    {
                        var v = column[i];
                        output[i] += c * (float.IsNaN(v) ? fill : v);
                    }

                    break;
                case LinearTermKind.Level:
                    float level = term.Level;
                    for (var i = 0; i < column.Length; i++)
                    {
                        if (column[i] == level)
                        {
                            output[i] += c;
                        }
                    }

                    break;
                default:
                    for (var i = 0; i < column.Length; i++)
                    {
                        if (float.IsNaN(column[i]))
                        {
                            output[i] += c;
                        }
                    }

                    break;
            }
        }
    }

    /// <inheritdoc/>
    public void Predict(FeatureMatrix x, Span<double> output)
    {
        PredictRaw(x, output);
        for (var i = 0; i < x.RowCount; i++)
        {
            output[i] = Sigmoid(output[i]);
        }
    }

    /// <inheritdoc/>
    public void Contributions(FeatureMatrix x, int row, Span<double> phi)
    {
        ArgumentNullException.ThrowIfNull(x);
        Schema.EnsureCompatible(x.Schema);
        ArgumentOutOfRangeException.ThrowIfNegative(row);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(row, x.RowCount);
        if (phi.Length != Schema.Count + 1)
        {
            throw new ArgumentException($"phi needs {Schema.Count + 1} slots (features + bias), got {phi.Length}.", nameof(phi));
        }

        phi.Clear();
        foreach (var term in _terms)
        {
            phi[term.Feature] += term.Coefficient * (term.ValueOf(x[row, term.Feature]) - term.Mean);
        }

        phi[Schema.Count] = ExpectedRaw;
    }

    /// <summary>The logistic function 1 / (1 + e^−z), stable for large |z|.</summary>
    public static double Sigmoid(double z) => z >= 0 ? 1 / (1 + Math.Exp(-z)) : Math.Exp(z) / (1 + Math.Exp(z));

    private static void CheckOutput(FeatureMatrix x, int length)
    {
        if (length < x.RowCount)
        {
            throw new ArgumentException($"The output has {length} slots for {x.RowCount} rows.", nameof(length));
        }
    }
}
