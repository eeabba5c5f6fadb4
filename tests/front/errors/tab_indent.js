function f() {
	if (x) {
		return ) ;
	}
}
