const t = `abc ${1}
  more
