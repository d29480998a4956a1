// How each Debian source package is built: the sources, defines and flags
// of its own Linux build (its Makefile or debian/rules), nothing added.
// `prepare` runs the package's own configure/make steps natively, once,
// for what they generate (config.h, amalgamations, tables); the sources are
// never patched. Paths are relative to the unpacked tree (PKG/src in the
// folder debian/ of the test cache, test-cache.mjs).
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

// debian/rules' configure options for its static wide-character build, with
// entries compiled in instead of a terminfo database (see tinfo below).
const NCURSES_PREPARE = 'rm -rf bld && mkdir bld && cd bld && ../configure --prefix=/usr --without-shared --without-gpm ' +
  '--enable-widec --mandir=/usr/share/man --with-manpage-format=normal --without-profile --without-debug --disable-rpath ' +
  '--enable-echo --disable-stripping --enable-const --without-ada --without-tests --without-progs --enable-symlinks ' +
  '--disable-root-environ --disable-termcap --with-termlib=tinfo --with-ticlib=tic --disable-wattr-macros ' +
  '--disable-relink --enable-overwrite --with-xterm-kbs=del --without-cxx-binding ' +
  '--disable-database --with-fallbacks=xterm-256color,xterm,vt100,linux,screen >/dev/null && ' +
  'make -C include >/dev/null && make -C ncurses sources >/dev/null';
// ncurses/Makefile's CPPFLAGS and CFLAGS_NORMAL, from the build folder
// ncurses/ of bld/ (its gcc-only --param max-inline-insns-single left out:
// a tuning of gcc's inliner that clang refuses).
const NCURSES_CFLAGS = ['-DHAVE_CONFIG_H', '-DBUILDING_NCURSES', '-Ibld/ncurses', '-Incurses', '-Ibld/include', '-Iinclude',
  '-D_DEFAULT_SOURCE', '-D_XOPEN_SOURCE=600', '-DNDEBUG', '-O2', '-DNCURSES_STATIC'];

// nano's configure (debian/rules' --bindir=/bin, see nano below), then its
// gnulib (lib/: the replacement headers it writes, and libgnu.a's objects
// built natively, whose list gnulibSources reads) and src/revision.h.
const NANO_PREPARE = 'rm -rf bld && mkdir bld && cd bld && ../configure --bindir=/bin --disable-nls --disable-libmagic >/dev/null && make -C lib >/dev/null && make -C src revision.h >/dev/null';

export const recipes = {
  // src/Makefile, target linux-noreadline (Debian builds with readline: left
  // out on every build here, native included, so that all read stdin alike).
  lua: {
    package: 'lua5.4',
    exe: 'lua',
    // debian/rules writes this header (the module path names the multiarch).
    prepare: 'M=$(dpkg-architecture -qDEB_HOST_MULTIARCH); printf \'#ifndef _LUA_DEB_MULTIARCH_\\n#define _LUA_DEB_MULTIARCH_\\n#define DEB_HOST_MULTIARCH "%s"\\n#endif\\n\' "$M" > src/lua5.4-deb-multiarch.h',
    sources: (src) => cFiles(src, 'src').filter((f) => f !== 'src/luac.c'),
    cflags: ['-std=gnu99', '-O2', '-Wall', '-Wextra', '-DLUA_COMPAT_5_3', '-DLUA_USE_LINUX'],
    libs: ['-lm', '-ldl'],
    // -Wl,-E exports the interpreter's symbols to C modules loaded with
    // dlopen: native only (a guest loads no modules).
    nativeLibs: ['-Wl,-E'],
  },
  // Debian's debian/rules CFLAGS; the amalgamation (sqlite3.c, shell.c) is
  // what the package's own `make` generates. No readline (see lua).
  sqlite3: {
    package: 'sqlite3',
    exe: 'sqlite3',
    prepare: 'rm -rf bld && mkdir bld && cd bld && ../configure --disable-readline --disable-editline --disable-tcl >/dev/null && make sqlite3.c shell.c >/dev/null',
    sources: () => ['bld/sqlite3.c', 'bld/shell.c'],
    cflags: ['-O2', '-fno-strict-aliasing', '-Ibld',
      '-DSQLITE_SECURE_DELETE', '-DSQLITE_ENABLE_COLUMN_METADATA', '-DSQLITE_ENABLE_FTS3',
      '-DSQLITE_ENABLE_FTS3_PARENTHESIS', '-DSQLITE_ENABLE_RTREE=1', '-DSQLITE_SOUNDEX=1',
      '-DSQLITE_ENABLE_UNLOCK_NOTIFY', '-DSQLITE_OMIT_LOOKASIDE=1', '-DSQLITE_ENABLE_DBSTAT_VTAB',
      '-DSQLITE_ALLOW_ROWID_IN_VIEW', '-DSQLITE_ENABLE_UPDATE_DELETE_LIMIT=1', '-DSQLITE_ENABLE_LOAD_EXTENSION',
      '-DSQLITE_ENABLE_JSON1', '-DSQLITE_LIKE_DOESNT_MATCH_BLOBS', '-DSQLITE_THREADSAFE=1',
      '-DSQLITE_ENABLE_FTS3_TOKENIZER=1', '-DSQLITE_USE_URI=1', '-DSQLITE_MAX_SCHEMA_RETRY=25',
      '-DSQLITE_ENABLE_PREUPDATE_HOOK', '-DSQLITE_ENABLE_SESSION', '-DSQLITE_ENABLE_STMTVTAB',
      '-DSQLITE_MAX_VARIABLE_NUMBER=250000'],
    libs: ['-ldl', '-lm'],
    nativeLibs: ['-lpthread'],
  },
  // bc/Makefile.am and debian/rules (without readline, see lua); libmath.h
  // is what the package's own make generates with its first-stage fbc.
  // Debian's patch touches a Makefile.am (a dependency fix): the shipped
  // Makefile.in is used as it is, without automake.
  bc: {
    package: 'bc',
    exe: 'bc',
    prepare: 'rm -rf bld && mkdir bld && cd bld && ../configure >/dev/null && A="ACLOCAL=true AUTOMAKE=true AUTOCONF=true AUTOHEADER=true" && make $A -C lib >/dev/null && make $A -C bc libmath.h >/dev/null',
    sources: () => ['bc/main.c', 'bc/bc.c', 'bc/scan.c', 'bc/execute.c', 'bc/load.c', 'bc/storage.c', 'bc/util.c',
      'bc/global.c', 'bc/warranty.c', 'lib/getopt.c', 'lib/getopt1.c', 'lib/number.c'],
    cflags: ['-O2', '-DHAVE_CONFIG_H', '-Ibld', '-Ibld/bc', '-Ibc', '-Ih', '-D_POSIX_SOURCE', '-DDOT_IS_LAST', '-DDONTEXIT'],
    libs: [],
  },
  // src/Makefile.am (dash_CFILES, with priv.c that Debian's privmode patch
  // adds: its Makefile.in is not regenerated, so the list is written here)
  // and debian/rules' configure options; builtins.c, init.c, nodes.c,
  // signames.c, syntax.c and their headers are what the package's own make
  // generates with its helpers (mkbuiltins, mkinit, ...).
  dash: {
    package: 'dash',
    exe: 'dash',
    prepare: 'rm -rf bld && mkdir bld && cd bld && ../configure --disable-fnmatch --disable-lineno --disable-glob >/dev/null && A="ACLOCAL=true AUTOMAKE=true AUTOCONF=true AUTOHEADER=true" && make $A -C src builtins.c builtins.h init.c nodes.c nodes.h signames.c syntax.c syntax.h token.h token_vars.h >/dev/null',
    sources: () => [...['alias.c', 'arith_yacc.c', 'arith_yylex.c', 'cd.c', 'error.c', 'eval.c', 'exec.c', 'expand.c',
      'histedit.c', 'input.c', 'jobs.c', 'mail.c', 'main.c', 'memalloc.c', 'miscbltin.c', 'mystring.c', 'options.c',
      'parser.c', 'priv.c', 'redir.c', 'show.c', 'trap.c', 'output.c', 'bltin/printf.c', 'system.c', 'bltin/test.c',
      'bltin/times.c', 'var.c'].map((f) => `src/${f}`),
      ...['builtins.c', 'init.c', 'nodes.c', 'signames.c', 'syntax.c'].map((f) => `bld/src/${f}`)],
    cflags: ['-O2', '-Wall', '-DHAVE_CONFIG_H', '-Isrc', '-Ibld/src', '-Ibld', '-include', 'bld/config.h', '-DBSD=1', '-DSHELL'],
    libs: [],
  },
  // Makefile.in's objects, with its configure's CFLAGS (Debian adds only
  // its hardening flags) and the PROGVERSION its Makefile gives main.c.
  ed: {
    package: 'ed',
    exe: 'ed',
    sources: () => ['buffer.c', 'carg_parser.c', 'global.c', 'io.c', 'main.c', 'main_loop.c', 'regex.c', 'signal.c'],
    cflags: ['-Wall', '-W', '-O2', '-DPROGVERSION="1.19"'],
    libs: [],
  },
  // programs/Makefile's zstd-nomt (one thread), without zlib, lzma and lz4:
  // the library's sources with the legacy formats the CLI reads by default
  // (ZSTD_LEGACY_SUPPORT=5: v0.5 to v0.7), the CLI's own, and the namespace
  // the Makefile gives xxhash. Its x86-64 assembly decoder is left out of
  // every build, native included (ZSTD_DISABLE_ASM): wasm cannot use it.
  zstd: {
    package: 'libzstd',
    exe: 'zstd',
    sources: (src) => [
      ...['common', 'compress', 'decompress', 'dictBuilder'].flatMap((d) => cFiles(src, `lib/${d}`)),
      ...['zstd_v05.c', 'zstd_v06.c', 'zstd_v07.c'].map((f) => `lib/legacy/${f}`),
      ...cFiles(src, 'programs')],
    cflags: ['-O3', '-DXXH_NAMESPACE=ZSTD_', '-DZSTD_LEGACY_SUPPORT=5', '-DZSTD_DISABLE_ASM',
      '-Ilib', '-Ilib/common', '-Ilib/legacy', '-Iprograms'],
    libs: [],
  },
  // Debian's static wide-character build of ncurses (debian/rules: its
  // CONFARGS, --without-shared --without-gpm --enable-widec), in two
  // libraries as Debian's: libtinfo (terminfo, termcap, the terminal modes)
  // and libncursesw (curses). One change: no terminfo database but entries
  // compiled in (--disable-database --with-fallbacks, from the package's own
  // misc/terminfo.src), so that every build, native included, draws with the
  // same entry whatever the machine has in /usr/share/terminfo, and a guest
  // needs no --dir for it. The sources and flags are those of the Makefile
  // its configure writes; the generated sources (names.c, fallback.c, ...)
  // come from its own `make sources`.
  tinfo: {
    package: 'ncurses',
    library: 'libtinfo.a',
    prepare: NCURSES_PREPARE,
    sources: (src) => ncursesSources(src, 'NORMAL_T_OBJS'),
    cflags: [...NCURSES_CFLAGS, '-DUSE_TERMLIB'],
    // What a program built with it includes: <termcap.h>, <curses.h>, ...
    includes: ['bld/include'],
  },
  // ncurses' curses library of the same build as libtinfo above (the
  // Makefile's NORMAL_OBJS, without -DUSE_TERMLIB), as Debian's
  // libncursesw: a program links it before libtinfo.
  ncursesw: {
    package: 'ncurses',
    library: 'libncursesw.a',
    prepare: NCURSES_PREPARE,
    sources: (src) => ncursesSources(src, 'NORMAL_OBJS'),
    cflags: NCURSES_CFLAGS,
    includes: ['bld/include'],
  },
  // less's Makefile.in (less's objects, -DBINDIR/-DSYSDIR as Debian's
  // --prefix=/usr --sysconfdir=/etc give them) and debian/rules (-O2 -Wall,
  // linked with libtinfo). Debian configures --with-regex=gnu, glibc's own
  // re_compile_pattern, which neither guest's libc has: every build here,
  // native included, uses POSIX regcomp (--with-regex=posix) instead.
  less: {
    package: 'less',
    exe: 'less',
    prepare: 'rm -rf bld && mkdir bld && cd bld && ../configure --with-regex=posix --with-editor=/usr/bin/editor >/dev/null',
    sources: () => ['main.c', 'screen.c', 'brac.c', 'ch.c', 'charset.c', 'cmdbuf.c', 'command.c', 'cvt.c', 'decode.c', 'edit.c',
      'filename.c', 'forwback.c', 'help.c', 'ifile.c', 'input.c', 'jump.c', 'line.c', 'linenum.c', 'lsystem.c', 'mark.c',
      'optfunc.c', 'option.c', 'opttbl.c', 'os.c', 'output.c', 'pattern.c', 'position.c', 'prompt.c', 'search.c', 'signal.c',
      'tags.c', 'ttyin.c', 'version.c', 'xbuf.c', 'lesskey_parse.c'],
    cflags: ['-O2', '-Wall', '-Ibld', '-I.', '-DBINDIR="/usr/bin"', '-DSYSDIR="/etc"'],
    uses: ['tinfo'],
    libs: [],
  },
  // nano's gnulib (lib/Makefile: the objects of libgnu.a its configure
  // chose, found as the package's own make built them natively, with
  // the Makefile's DEFS, DEFAULT_INCLUDES and CPPFLAGS, -O2 -Wall).
  'nano-gnulib': {
    package: 'nano',
    library: 'libgnu.a',
    prepare: NANO_PREPARE,
    sources: (src) => gnulibSources(src),
    cflags: ['-DHAVE_CONFIG_H', '-Ibld/lib', '-Ilib', '-Ibld', '-D_DEFAULT_SOURCE', '-D_XOPEN_SOURCE=600', '-O2', '-Wall'],
  },
  // src/Makefile.am's nano_SOURCES with its flags (DEFAULT_INCLUDES,
  // AM_CPPFLAGS with the SYSCONFDIR of Debian's --sysconfdir=/etc),
  // debian/rules' configure options for the full nano (--bindir=/bin), and
  // libgnu.a, libncursesw and libtinfo as its Makefile links them. No
  // gettext (--disable-nls: Debian's build has it, but the messages are
  // English here alike) and no libmagic (--disable-libmagic: Debian links
  // it for syntax detection by content, which needs its database), on every
  // build, native included.
  nano: {
    package: 'nano',
    exe: 'nano',
    prepare: NANO_PREPARE,
    sources: () => ['browser.c', 'chars.c', 'color.c', 'cut.c', 'files.c', 'global.c', 'help.c', 'history.c', 'move.c',
      'nano.c', 'prompt.c', 'rcfile.c', 'search.c', 'text.c', 'utils.c', 'winio.c'].map((f) => `src/${f}`),
    cflags: ['-DHAVE_CONFIG_H', '-Ibld/src', '-Isrc', '-Ibld', '-DLOCALEDIR="/usr/share/locale"', '-DSYSCONFDIR="/etc"',
      '-Ibld/lib', '-Ilib', '-D_DEFAULT_SOURCE', '-D_XOPEN_SOURCE=600', '-O2', '-Wall'],
    uses: ['nano-gnulib', 'ncursesw', 'tinfo'],
    libs: [],
  },
};

/** The C files of a folder of the tree, in a stable order. */
function cFiles(src, dir) {
  return readdirSync(join(src, dir)).filter((f) => f.endsWith('.c')).sort().map((f) => `${dir}/${f}`);
}


/** The sources of one of ncurses' libraries (LIST: the Makefile's
 *  NORMAL_T_OBJS for libtinfo, NORMAL_OBJS for libncursesw), as the
 *  Makefile its configure wrote compiles them. */
function ncursesSources(src, list) {
  const mk = readFileSync(join(src, 'bld/ncurses/Makefile'), 'utf8');
  const dirs = { srcdir: 'ncurses', base: 'ncurses/base', serial: 'ncurses/tty', tinfo: 'ncurses/tinfo', trace: 'ncurses/trace',
    wide: 'ncurses/widechar' };
  const rule = new Map();
  for (const m of mk.matchAll(/-c (\S+\.c) -o \.\.\/objects\/(\w+)\$o/g)) {
    rule.set(m[2], m[1].replace(/^\$[({](\w+)[)}]/, (_, v) => dirs[v]).replace(/^\.\.\/ncurses\//, 'bld/ncurses/'));
  }
  const objs = new RegExp(`^${list} = \\\\\n((?:\\t.*\\n)+)`, 'm').exec(mk)?.[1];
  if (!objs) throw new Error(`ncurses: no ${list} in bld/ncurses/Makefile`);
  return [...objs.matchAll(/objects\/(\w+)\$o/g)].map((m) => rule.get(m[1]));
}

/** The sources of nano's libgnu.a: the objects its own make built in
 *  bld/lib (configure chose them: libgnu_a-NAME.o, or NAME.o for its
 *  LIBOBJS), each from lib/ (the same subfolder). */
function gnulibSources(src) {
  const out = [];
  const walk = (dir) => {
    for (const e of readdirSync(join(src, 'bld/lib', dir), { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const rel = dir ? `${dir}/${e.name}` : e.name;
      if (e.isDirectory()) walk(rel);
      else if (e.name.endsWith('.o')) out.push(`lib/${dir ? `${dir}/` : ''}${e.name.replace(/^libgnu_a-/, '').replace(/\.o$/, '.c')}`);
    }
  };
  walk('');
  return out;
}
