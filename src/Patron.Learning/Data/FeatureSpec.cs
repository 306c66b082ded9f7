namespace Patron.Learning.Data;

/// <summary>One column of a feature schema: its name, kind and, for categorical columns, its levels in code order.</summary>
/// <remarks>Equality is structural: two specs are equal when name, kind and every level (ordinal) are equal.</remarks>
public sealed record FeatureSpec
{
    /// <summary>Creates a spec; categorical columns need their levels, other kinds must pass <c>null</c>.</summary>
    public FeatureSpec(string name, FeatureKind kind, IReadOnlyList<string>? levels = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (kind == FeatureKind.Categorical)
        {
            ArgumentNullException.ThrowIfNull(levels, nameof(levels));
            var copy = new string[levels.Count];
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < copy.Length; i++)
            {
                copy[i] = levels[i] ?? throw new ArgumentException($"Feature '{name}': level {i} is null.", nameof(levels));
                if (!seen.Add(copy[i]))
                {
                    throw new ArgumentException($"Feature '{name}': level '{copy[i]}' appears twice.", nameof(levels));
                }
            }

            Levels = Array.AsReadOnly(copy);
        }
        else if (levels is not null)
        {
            throw new ArgumentException($"Feature '{name}': only categorical features have levels.", nameof(levels));
        }

        Name = name;
        Kind = kind;
    }

    /// <summary>The column name, unique within a schema (ordinal).</summary>
    public string Name { get; }

    /// <summary>How the column is interpreted.</summary>
    public FeatureKind Kind { get; }

    /// <summary>Categorical levels in code order (code k is <c>Levels[k]</c>); <c>null</c> for other kinds.</summary>
    public IReadOnlyList<string>? Levels { get; }

    /// <summary>Number of levels (0 for non-categorical features).</summary>
    public int LevelCount => Levels?.Count ?? 0;

    /// <inheritdoc/>
    public bool Equals(FeatureSpec? other)
    {
        if (other is null)
        {
            return false;
        }

        if (ReferenceEquals(this, other))
        {
            return true;
        }

        if (!string.Equals(Name, other.Name, StringComparison.Ordinal) || Kind != other.Kind || LevelCount != other.LevelCount)
        {
            return false;
        }

        for (var i = 0; i < LevelCount; i++)
        {
            if (!string.Equals(Levels![i], other.Levels![i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Name, StringComparer.Ordinal);
        hash.Add(Kind);
        for (var i = 0; i < LevelCount; i++)
        {
            hash.Add(Levels![i], StringComparer.Ordinal);
        }

        return hash.ToHashCode();
    }

    /// <summary>A short description such as <c>channel (Categorical, 3 levels)</c>, used in error messages.</summary>
    public override string ToString() =>
        Kind == FeatureKind.Categorical ? $"'{Name}' ({Kind}, {LevelCount} levels)" : $"'{Name}' ({Kind})";
}
