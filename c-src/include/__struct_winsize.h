/* wasig: Linux's struct winsize, which both <sys/ioctl.h> (TIOCGWINSZ) and
 * <termios.h> (tcgetwinsize users) declare. */
#ifndef __DEFINED_struct_winsize
struct winsize {
  unsigned short ws_row;
  unsigned short ws_col;
  unsigned short ws_xpixel;
  unsigned short ws_ypixel;
};
#define __DEFINED_struct_winsize
#endif
