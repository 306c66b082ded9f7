using Patron.Features.Lifetime;
using Patron.Learning.Data;

namespace Patron.Features.Frames;

/// <summary>Feature matrices from a <see cref="CustomerFrame"/>: the registry features alone, and with the lifetime
/// outputs of the same cutoff appended.</summary>
public static class CustomerMatrices
{
    /// <summary>The frame's model inputs. Without <paramref name="schema"/> every column with a value is kept (every
    /// column when <paramref name="dropEmpty"/> is false); with one, exactly its columns and category levels, a level
    /// it never saw becoming missing.</summary>
    public static FeatureMatrix Build(CustomerFrame frame, FeatureSchema? schema, bool dropEmpty)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var builder = new FeatureMatrixBuilder(frame.Count);
        foreach (var (name, values) in frame.NumericColumns)
        {
            if (schema is null ? !dropEmpty || FrameColumns.HasValue(values) : schema.IndexOf(name) >= 0)
            {
                builder.AddNumeric(name, values);
            }
        }

        foreach (var (name, values) in frame.CategoricalColumns)
        {
            if (schema is null ? !dropEmpty || FrameColumns.HasValue(values) : schema.IndexOf(name) >= 0)
            {
                builder.AddCategorical(name, values);
            }
        }

        return schema is null ? builder.Build() : builder.Build(schema);
    }

    /// <summary>The registry features followed by the lifetime outputs (<c>lifetime_</c> + name), sharing the plain
    /// matrix's columns.</summary>
    public static FeatureMatrix WithLifetime(FeatureMatrix plain, LifetimeScores lifetime)
    {
        ArgumentNullException.ThrowIfNull(plain);
        ArgumentNullException.ThrowIfNull(lifetime);
        var extra = new List<KeyValuePair<string, double[]>>();
        foreach (var (name, values) in lifetime.Columns)
        {
            extra.Add(new("lifetime_" + name, values));
        }

        return plain.WithNumericColumns(extra);
    }
}
