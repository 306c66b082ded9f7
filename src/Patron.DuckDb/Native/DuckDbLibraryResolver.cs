using System.Reflection;
using System.Runtime.InteropServices;

namespace Patron.DuckDb.Native;

/// <summary>
/// Finds the DuckDB native library: <c>PATRON_DUCKDB_LIBRARY</c> when set, else the copy that the
/// <c>DuckDB.NET.Bindings.Full</c> package places under <c>runtimes/&lt;rid&gt;/native/</c>, which the runtime's
/// own probing finds through the application's deps.json on Linux, macOS and Windows.
/// </summary>
internal static class DuckDbLibraryResolver
{
    internal const string EnvironmentVariable = "PATRON_DUCKDB_LIBRARY";

    private static int _registered;

    /// <summary>The library's file name on the running operating system.</summary>
    internal static string FileName { get; } =
        OperatingSystem.IsWindows() ? "duckdb.dll" : OperatingSystem.IsMacOS() ? "libduckdb.dylib" : "libduckdb.so";

    /// <summary>Registers the resolver for <paramref name="assembly"/>; later calls do nothing.</summary>
    internal static void Register(Assembly assembly)
    {
        if (Interlocked.Exchange(ref _registered, 1) == 0)
        {
            NativeLibrary.SetDllImportResolver(assembly, Resolve);
        }
    }

    /// <summary>
    /// Chooses the library file to load, or null to leave the choice to the runtime's probing of the
    /// package's native assets. A pure function of its inputs so that every branch can be tested in one process.
    /// </summary>
    /// <exception cref="DllNotFoundException">The configured path names no file.</exception>
    internal static string? Locate(string? configuredPath, Func<string, bool> fileExists)
    {
        ArgumentNullException.ThrowIfNull(fileExists);
        if (string.IsNullOrWhiteSpace(configuredPath))
        {
            return null;
        }

        var full = Path.GetFullPath(configuredPath);
        if (!fileExists(full))
        {
            throw new DllNotFoundException(
                $"{EnvironmentVariable} is set to '{configuredPath}', but no file exists at '{full}'. " +
                $"Point it at a DuckDB v1.5.6 {FileName}, or unset it to use the copy that ships with Patron.");
        }

        return full;
    }

    private static nint Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (libraryName != NativeMethods.LibraryName)
        {
            return 0;
        }

        var path = Locate(Environment.GetEnvironmentVariable(EnvironmentVariable), File.Exists);
        return path is null ? 0 : NativeLibrary.Load(path);
    }
}
