using System.Globalization;
using Patron.Warehouse.Ingest;
using Patron.Warehouse.Sources.Cdnow;
using Patron.Warehouse.Sources.Generic;
using Patron.Warehouse.Sources.Olist;
using Patron.Warehouse.Sources.OnlineRetail;
using Patron.Warehouse.Sources.Sessions;
using Patron.Warehouse.Sources.Shoppers;

namespace Patron.Warehouse.Sources;

/// <summary>The source adapters Patron knows, by name, and auto-detection among them.</summary>
public static class SourceRegistry
{
    public const string Auto = "auto";

    public static IReadOnlyList<ISourceAdapter> All { get; } =
    [
        new GenericSource(),
        new OlistSource(),
        new OnlineRetailSource(),
        new SessionsSource(),
        new ShoppersSource(),
        new CdnowSource(),
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

        var matches = new List<ISourceAdapter>();
        var scores = new List<string>();
        foreach (var source in All)
        {
            var score = source.Detect(path);
            scores.Add(string.Create(CultureInfo.InvariantCulture, $"{SourceDetection.Expectation(source)} [{score:P0} found]"));
            if (score >= 1.0)
            {
                matches.Add(source);
            }
        }

        if (matches.Count == 1)
        {
            return matches[0];
        }

        if (matches.Count > 1)
        {
            throw new InputException(path, null, null,
                $"the files fit several sources ({string.Join(", ", matches.Select(m => m.Name))}); pass --source");
        }

        throw new InputException(path, null, null,
            $"cannot tell which source this is; pass --source. What each source expects (share of its required files found with a fitting header): {string.Join("; ", scores)}");
    }
}
