namespace Patron.Warehouse;

/// <summary>A problem with the warehouse itself (cannot be opened, missing table) rather than with an input file.</summary>
public sealed class WarehouseException : Exception
{
    public WarehouseException(string message)
        : base(message)
    {
    }

    public WarehouseException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
