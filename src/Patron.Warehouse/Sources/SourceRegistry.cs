using System.Globalization;
using Patron.Warehouse.Ingest;
using Patron.Warehouse.Sources.Generic;

namespace Patron.Warehouse.Sources;

/// <summary>The source adapters Patron knows, by name, and auto-detection among them.</summary>
public static class SourceRegistry
{
    public const string Auto = "auto";

    public static IReadOnlyList<ISourceAdapter> All { get; } =
    [
        new GenericSource(),
    ];

    public static IEnumerable<string> Names
    {
        get
        {
            foreach (var source in All)
            {
                yield return source.Name;
            }
        }
    }

    public static ISourceAdapter Get(string name, string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (string.Equals(name, Auto, StringComparison.OrdinalIgnoreCase))
        {
            return Detect(path);
        }

        foreach (var source in All)
        {
            if (string.Equals(source.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return source;
            }
        }

        throw new ArgumentException($"Unknown source '{name}'. Known sources: {string.Join(", ", Names)}, or '{Auto}'.", nameof(name));
    }

    /// <summary>Picks the adapter whose files and headers match <paramref name="path"/> completely; a clear error otherwise.</summary>
    public static ISourceAdapter Detect(string path)
    {
        if (!Directory.Exists(path) && !File.Exists(path))
        {
            throw new InputException(path, null, null, "the path does not exist");
        }

        ISourceAdapter? best = null;
        var bestScore = 0.0;
        var scores = new List<string>();
        foreach (var source in All)
        {
            var score = source.Detect(path);
            scores.Add(string.Create(CultureInfo.InvariantCulture, $"{source.Name} {score:P0}"));
            if (score > bestScore)
            {
                best = source;
                bestScore = score;
            }
        }

        if (best is null || bestScore < 1.0)
        {
            throw new InputException(path, null, null,
                $"cannot tell which source this is (share of each source's files found with the expected headers: {string.Join(", ", scores)}); pass --source");
        }

        return best;
    }
}
