namespace Patron.Features.Rules;

/// <summary>The items rules speak of: code → id and display name (a product's name, or the category itself).</summary>
/// <remarks>Immutable; safe to read from several threads.</remarks>
public sealed class RuleItems
{
    private readonly string[] _ids;
    private readonly string[] _names;
    private readonly Dictionary<string, int> _codes;

    public RuleItems(string[] ids, string[] names)
    {
        ArgumentNullException.ThrowIfNull(ids);
        ArgumentNullException.ThrowIfNull(names);
        if (ids.Length != names.Length)
        {
            throw new ArgumentException($"{ids.Length} ids but {names.Length} names.", nameof(names));
        }

        _ids = ids;
        _names = names;
        _codes = new Dictionary<string, int>(ids.Length, StringComparer.Ordinal);
        for (var i = 0; i < ids.Length; i++)
        {
            _codes[ids[i]] = i;
        }
    }

    public int Count => _ids.Length;

    public string Id(int code) => _ids[code];

    public string Name(int code) => _names[code];

    /// <summary>The code of item <paramref name="id"/>, or -1 when it is unknown.</summary>
    public int Code(string id) => _codes.TryGetValue(id, out var code) ? code : -1;

    /// <summary>Ids joined by <c>|</c>.</summary>
    public string Ids(ReadOnlySpan<int> codes) => Join(codes, _ids, "|");

    /// <summary>Names joined by <c> + </c>.</summary>
    public string Names(ReadOnlySpan<int> codes) => Join(codes, _names, " + ");

    private static string Join(ReadOnlySpan<int> codes, string[] texts, string separator)
    {
        if (codes.Length == 1)
        {
            return texts[codes[0]];
        }

        var parts = new string[codes.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            parts[i] = texts[codes[i]];
        }

        return string.Join(separator, parts);
    }
}
