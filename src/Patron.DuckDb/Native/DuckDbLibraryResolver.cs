using System.Reflection;
using System.Runtime.InteropServices;

namespace Patron.DuckDb.Native;

/// <summary>
/// Finds the DuckDB native library: <c>PATRON_DUCKDB_LIBRARY</c> when set, else <c>libduckdb.so</c>
/// next to the assembly, else the npm-fetched copy under the repository's <c>native/</c> folder,
/// else the runtime's default probing.
/// </summary>
internal static class DuckDbLibraryResolver
{
    internal const string EnvironmentVariable = "PATRON_DUCKDB_LIBRARY";
    internal const string FileName = "libduckdb.so";

    private static int _registered;

    /// <summary>The npm-fetched copy, relative to the repository root.</summary>
    internal static string RepositoryRelativePath { get; } =
        Path.Combine("native", "node_modules", "@duckdb", "node-bindings-linux-x64", FileName);

    /// <summary>Registers the resolver for <paramref name="assembly"/>; later calls do nothing.</summary>
    internal static void Register(Assembly assembly)
    {
        if (Interlocked.Exchange(ref _registered, 1) == 0)
        {
            NativeLibrary.SetDllImportResolver(assembly, Resolve);
        }
    }

    /// <summary>
    /// Chooses the library file to load, or null to leave the choice to default probing.
    /// A pure function of its inputs so that every branch can be tested in one process.
    /// </summary>
    /// <exception cref="DllNotFoundException">The configured path names no file.</exception>
    internal static string? Locate(string? configuredPath, string? assemblyDirectory, Func<string, bool> fileExists)
    {
        ArgumentNullException.ThrowIfNull(fileExists);
        if (!string.IsNullOrWhiteSpace(configuredPath))
        {
            var full = Path.GetFullPath(configuredPath);
            if (!fileExists(full))
            {
                throw new DllNotFoundException(
                    $"{EnvironmentVariable} is set to '{configuredPath}', but no file exists at '{full}'. " +
                    $"Point it at a DuckDB v1.5.6 {FileName}, or unset it to use the copy that 'npm ci --prefix native' fetches.");
            }

            return full;
        }

        if (string.IsNullOrEmpty(assemblyDirectory))
        {
            return null;
        }

        var besideAssembly = Path.Combine(assemblyDirectory, FileName);
        if (fileExists(besideAssembly))
        {
            return besideAssembly;
        }

        for (var directory = assemblyDirectory; !string.IsNullOrEmpty(directory); directory = Path.GetDirectoryName(directory))
        {
            var candidate = Path.Combine(directory, RepositoryRelativePath);
            if (fileExists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private static nint Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (libraryName != NativeMethods.LibraryName)
        {
            return 0;
        }

        var directory = string.IsNullOrEmpty(assembly.Location) ? AppContext.BaseDirectory : Path.GetDirectoryName(assembly.Location);
        var path = Locate(Environment.GetEnvironmentVariable(EnvironmentVariable), directory, File.Exists);
        return path is null ? 0 : NativeLibrary.Load(path);
    }
}
