namespace Patron.Demo.Simulation;

/// <summary>A reusable growable array of rows, exposing elements by reference so the hot loops never copy them.</summary>
internal sealed class RowList
{
    private TransactionRow[] _items = new TransactionRow[4096];

    public int Count { get; private set; }

    public ref TransactionRow this[int index] => ref _items[index];

    public Span<TransactionRow> AsSpan(int start, int length) => _items.AsSpan(start, length);

    public ref TransactionRow Add()
    {
        if (Count == _items.Length)
        {
            Array.Resize(ref _items, _items.Length * 2);
        }

        ref var row = ref _items[Count++];
        row = default;
        row.SourceRow = -1;
        return ref row;
    }

    public void Clear() => Count = 0;
}
