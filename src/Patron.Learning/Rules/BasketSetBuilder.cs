namespace Patron.Learning.Rules;

/// <summary>
/// Collects baskets item by item: <see cref="Add"/> the items of a basket (in any order, repeats allowed), then
/// <see cref="EndBasket"/>. A basket left empty is not kept.
/// </summary>
public sealed class BasketSetBuilder
{
    private readonly int _itemCount;
    private int[] _offsets = new int[1024];
    private int[] _items = new int[4096];
    private int _baskets;
    private int _length;
    private int _start;

    /// <summary>Starts an empty set over item codes 0 to <paramref name="itemCount"/> - 1.</summary>
    public BasketSetBuilder(int itemCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(itemCount);
        _itemCount = itemCount;
    }

    /// <summary>Baskets ended so far (empty ones not counted).</summary>
    public int Count => _baskets;

    /// <summary>Adds an item to the current basket.</summary>
    public void Add(int item)
    {
        if ((uint)item >= (uint)_itemCount)
        {
            throw new ArgumentOutOfRangeException(nameof(item), item, $"Item codes must lie in 0..{_itemCount - 1}.");
        }

        if (_length == _items.Length)
        {
            Array.Resize(ref _items, _items.Length * 2);
        }

        _items[_length++] = item;
    }

    /// <summary>Closes the current basket: its items are sorted and repeats dropped.</summary>
    public void EndBasket()
    {
        if (_length == _start)
        {
            return;
        }

        var span = _items.AsSpan(_start, _length - _start);
        span.Sort();
        var kept = 1;
        for (var i = 1; i < span.Length; i++)
        {
            if (span[i] != span[kept - 1])
            {
                span[kept++] = span[i];
            }
        }

        _length = _start + kept;
        if (_baskets + 2 > _offsets.Length)
        {
            Array.Resize(ref _offsets, _offsets.Length * 2);
        }

        _baskets++;
        _offsets[_baskets] = _length;
        _start = _length;
    }

    /// <summary>The baskets ended so far; the current unfinished one is left out.</summary>
    public BasketSet Build() => new(_offsets.AsSpan(0, _baskets + 1).ToArray(), _items.AsSpan(0, _start).ToArray(), _itemCount);
}
