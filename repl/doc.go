// Package repl will hold grumpy, the interactive shell (see the shell
// issue). It is empty until that work lands.
package repl
