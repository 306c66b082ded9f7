using System.Collections.ObjectModel;

namespace Patron.Learning.Data;

/// <summary>The ordered, immutable list of feature columns a matrix holds and a model expects.</summary>
/// <remarks>Equality is structural (names, kinds and levels, in order). Thread-safe.</remarks>
public sealed class FeatureSchema : IEquatable<FeatureSchema>
{
    private readonly FeatureSpec[] _features;
    private readonly Dictionary<string, int> _index;

    /// <summary>Creates a schema; names must be unique (ordinal).</summary>
    public FeatureSchema(IEnumerable<FeatureSpec> features)
    {
        ArgumentNullException.ThrowIfNull(features);
        _features = [.. features];
        _index = new Dictionary<string, int>(_features.Length, StringComparer.Ordinal);
        for (var i = 0; i < _features.Length; i++)
        {
            ArgumentNullException.ThrowIfNull(_features[i], nameof(features));
            if (!_index.TryAdd(_features[i].Name, i))
            {
                throw new ArgumentException($"Feature name '{_features[i].Name}' appears twice in the schema.", nameof(features));
            }
        }

        Features = new ReadOnlyCollection<FeatureSpec>(_features);
    }

    /// <summary>The columns in order.</summary>
    public IReadOnlyList<FeatureSpec> Features { get; }

    /// <summary>Number of columns.</summary>
    public int Count => _features.Length;

    /// <summary>The column at <paramref name="index"/>.</summary>
    public FeatureSpec this[int index] => _features[index];

    /// <summary>The position of the column named <paramref name="name"/> (ordinal), or -1.</summary>
    public int IndexOf(string name) => _index.TryGetValue(name, out var i) ? i : -1;

    /// <summary>Throws a <see cref="SchemaMismatchException"/> naming the first differing column unless
    /// <paramref name="other"/> equals this schema.</summary>
    /// <param name="other">The schema of the data offered to a model trained on this schema.</param>
    public void EnsureCompatible(FeatureSchema other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (ReferenceEquals(this, other))
        {
            return;
        }

        var common = Math.Min(Count, other.Count);
        for (var i = 0; i < common; i++)
        {
            if (!_features[i].Equals(other._features[i]))
            {
                throw new SchemaMismatchException(
                    $"Feature schema mismatch at column {i}: the model expects {_features[i]}, the data has {other._features[i]}{LevelHint(_features[i], other._features[i])}.");
            }
        }

        if (Count != other.Count)
        {
            var detail = Count > other.Count
                ? $"the data lacks {_features[common]}"
                : $"the data has an extra column {other._features[common]}";
            throw new SchemaMismatchException(
                $"Feature schema mismatch at column {common}: the model expects {Count} columns, the data has {other.Count}; {detail}.");
        }
    }

    /// <inheritdoc/>
    public bool Equals(FeatureSchema? other)
    {
        if (other is null || other.Count != Count)
        {
            return false;
        }

        for (var i = 0; i < _features.Length; i++)
        {
            if (!_features[i].Equals(other._features[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as FeatureSchema);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var f in _features)
        {
            hash.Add(f);
        }

        return hash.ToHashCode();
    }

    private static string LevelHint(FeatureSpec expected, FeatureSpec actual)
    {
        if (expected.Kind != FeatureKind.Categorical || actual.Kind != FeatureKind.Categorical || !string.Equals(expected.Name, actual.Name, StringComparison.Ordinal))
        {
            return "";
        }

        var n = Math.Min(expected.LevelCount, actual.LevelCount);
        for (var k = 0; k < n; k++)
        {
            if (!string.Equals(expected.Levels![k], actual.Levels![k], StringComparison.Ordinal))
            {
                return $" (level {k} is '{expected.Levels[k]}' in the model, '{actual.Levels[k]}' in the data)";
            }
        }

        return "";
    }
}
