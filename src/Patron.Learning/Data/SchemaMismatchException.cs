namespace Patron.Learning.Data;

/// <summary>Thrown when a matrix does not have the schema a model was trained on.</summary>
public sealed class SchemaMismatchException : Exception
{
    public SchemaMismatchException()
    {
    }

    public SchemaMismatchException(string message)
        : base(message)
    {
    }

    public SchemaMismatchException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
