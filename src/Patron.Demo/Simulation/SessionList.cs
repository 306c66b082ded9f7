namespace Patron.Demo.Simulation;

/// <summary>A reusable growable array of session rows, exposing elements by reference.</summary>
internal sealed class SessionList
{
    private SessionRow[] _items = new SessionRow[4096];

    public int Count { get; private set; }

    public ref SessionRow this[int index] => ref _items[index];

    public Span<SessionRow> AsSpan() => _items.AsSpan(0, Count);

    public Span<SessionRow> AsSpan(int start, int length) => _items.AsSpan(start, length);

    public ref SessionRow Add()
    {
        if (Count == _items.Length)
        {
            Array.Resize(ref _items, _items.Length * 2);
        }

        ref var row = ref _items[Count++];
        row = default;
        return ref row;
    }

    public void Clear() => Count = 0;
}
