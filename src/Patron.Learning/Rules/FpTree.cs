namespace Patron.Learning.Rules;

/// <summary>
/// A prefix tree of baskets (FP-tree) in parallel arrays: node <c>n</c> has an item, a count, a parent and the next
/// node of the same item (the header list). Items are frequency ranks (0 = most frequent), so every path runs from
/// low ranks at the root to high ranks at the leaves. Children are found through an open-addressing table keyed by
/// (parent, item); nothing is allocated per node.
/// </summary>
/// <remarks>One instance is reused for every conditional tree at one depth of the recursion (<see cref="Reset"/>).</remarks>
internal sealed class FpTree
{
    private const int Root = 0;

    private int[] _item = new int[256];
    private int[] _count = new int[256];
    private int[] _parent = new int[256];
    private int[] _next = new int[256];
    private int[] _slot = new int[256];
    private int _nodes;

    private long[] _childKeys = new long[512];
    private int[] _childNodes = new int[512];
    private int _childMask = 511;

    // Per item (rank): first node of its header list and its total count in the tree; only touched items are reset.
    private readonly int[] _head;
    private readonly int[] _support;
    private readonly int[] _touched;
    private int _touchedCount;

    public FpTree(int items)
    {
        _head = new int[items];
        _support = new int[items];
        _touched = new int[items];
        _head.AsSpan().Fill(-1);
        _childKeys.AsSpan().Fill(-1);
        _nodes = 1;
        _item[Root] = -1;
        _parent[Root] = -1;
    }

    /// <summary>Items present in the tree, in the order they were first inserted.</summary>
    public ReadOnlySpan<int> Items => _touched.AsSpan(0, _touchedCount);

    public int Nodes => _nodes;

    /// <summary>Total count of <paramref name="item"/> over its nodes: the support of the item within this tree.</summary>
    public int Support(int item) => _support[item];

    public int Head(int item) => _head[item];

    public int Next(int node) => _next[node];

    public int Count(int node) => _count[node];

    public int Parent(int node) => _parent[node];

    public int Item(int node) => _item[node];

    public bool IsRoot(int node) => node == Root;

    public void Reset()
    {
        for (var i = 0; i < _touchedCount; i++)
        {
            _head[_touched[i]] = -1;
            _support[_touched[i]] = 0;
        }

        _touchedCount = 0;

        // Clear only the slots this tree used: a large tree must not make every later small one pay for its table.
        for (var node = 1; node < _nodes; node++)
        {
            _childKeys[_slot[node]] = -1;
        }

        _nodes = 1;
    }

    /// <summary>Adds a path of items in ascending rank with weight <paramref name="count"/>.</summary>
    public void Insert(ReadOnlySpan<int> path, int count)
    {
        var node = Root;
        foreach (var item in path)
        {
            node = Child(node, item);
            _count[node] += count;
            _support[item] += count;
        }
    }

    private int Child(int parent, int item)
    {
        var key = ((long)parent << 32) | (uint)item;
        var slot = Slot(key);
        while (true)
        {
            var existing = _childKeys[slot];
            if (existing == key)
            {
                return _childNodes[slot];
            }

            if (existing == -1)
            {
                break;
            }

            slot = (slot + 1) & _childMask;
        }

        var node = NewNode(parent, item);
        _childKeys[slot] = key;
        _childNodes[slot] = node;
        _slot[node] = slot;
        if (_nodes * 2 > _childMask)
        {
            GrowChildTable();
        }

        return node;
    }

    private int NewNode(int parent, int item)
    {
        if (_nodes == _item.Length)
        {
            var size = _item.Length * 2;
            Array.Resize(ref _item, size);
            Array.Resize(ref _count, size);
            Array.Resize(ref _parent, size);
            Array.Resize(ref _next, size);
            Array.Resize(ref _slot, size);
        }

        var node = _nodes++;
        _item[node] = item;
        _count[node] = 0;
        _parent[node] = parent;
        if (_head[item] == -1)
        {
            _touched[_touchedCount++] = item;
        }

        _next[node] = _head[item];
        _head[item] = node;
        return node;
    }

    private int Slot(long key)
    {
        var hash = (ulong)key * 0x9E3779B97F4A7C15UL;
        return (int)(hash >> 32) & _childMask;
    }

    private void GrowChildTable()
    {
        var keys = _childKeys;
        var nodes = _childNodes;
        _childKeys = new long[keys.Length * 2];
        _childNodes = new int[keys.Length * 2];
        _childKeys.AsSpan().Fill(-1);
        _childMask = _childKeys.Length - 1;
        for (var i = 0; i < keys.Length; i++)
        {
            if (keys[i] == -1)
            {
                continue;
            }

            var slot = Slot(keys[i]);
            while (_childKeys[slot] != -1)
            {
                slot = (slot + 1) & _childMask;
            }

            _childKeys[slot] = keys[i];
            _childNodes[slot] = nodes[i];
            _slot[nodes[i]] = slot;
        }
    }
}
