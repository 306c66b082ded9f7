using Patron.Features.Build.Kernel;

namespace Patron.Features.Live;

/// <summary>Keeps the kernel's blocks in memory, in the bytes a <see cref="FeatureSpill"/> would write, so a live update
/// reads them back with the same <see cref="StoredBlock"/> as a batch build.</summary>
internal sealed class MemorySink : IFeatureSink
{
    public List<byte[]> Blocks { get; } = [];

    public void Write(FeatureBlock block)
    {
        var bytes = new byte[block.SerializedLength];
        block.WriteTo(bytes);
        Blocks.Add(bytes);
    }

    public void Seal()
    {
    }
}
