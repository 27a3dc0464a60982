// Command taskman will be the GrumpyDB demo application (../shared/TASKMAN.md).
// It is empty until that work lands.
package main

func main() {}
